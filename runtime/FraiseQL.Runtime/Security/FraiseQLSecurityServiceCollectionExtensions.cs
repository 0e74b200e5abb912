using FraiseQL.Runtime.Security.Audit;
using FraiseQL.Runtime.Security.Authentication;
using FraiseQL.Runtime.Security.Authorization;
using FraiseQL.Runtime.Security.Configuration;
using FraiseQL.Runtime.Security.Session;
using FraiseQL.GraphQL;
using FraiseQL.Http;
using FraiseQL.Runtime.Security.Wiring;
using FraiseQL.Schema;
using FraiseQL.Sql;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace FraiseQL.Runtime.Security;

/// <summary>One call to register every security component of a service.</summary>
public static class FraiseQLSecurityServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="FraiseQLSecurityOptions"/>, JWT authentication (<see cref="FraiseQLAuthenticationExtensions.AddFraiseQLAuthentication"/>),
    /// <see cref="OperationAuthorizer"/> (which also decides what per-caller introspection shows),
    /// <see cref="PostgresSessionInitializer"/>, and the <see cref="AuditLog"/> with its background <see cref="AuditLogWriter"/>;
    /// and plugs them into the runtime's seams: <see cref="IRequestContextFactory"/>, <see cref="IFieldAuthorizer"/>,
    /// <see cref="ISqlSessionInitializer"/>. The app also calls <c>app.UseFraiseQLAuthentication()</c> before <c>MapFraiseQL()</c>.
    /// </summary>
    public static IServiceCollection AddFraiseQLSecurity(this IServiceCollection services, FraiseQLSecurityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.AddFraiseQLAuthentication(options);
        services.TryAddSingleton(sp => new OperationAuthorizer(sp.GetService<SchemaIndex>() ?? new SchemaIndex(sp.GetRequiredService<IGeneratedService>().Schema)));
        services.TryAddSingleton(new PostgresSessionInitializer(options));
        // replace the runtime's permissive defaults whether AddFraiseQL/AddFraiseQLPostgres ran before or after
        services.RemoveAll<IRequestContextFactory>();
        services.AddSingleton<IRequestContextFactory>(new SecurityRequestContextFactory(options));
        services.RemoveAll<IFieldAuthorizer>();
        services.AddSingleton<IFieldAuthorizer>(sp => new SecurityFieldAuthorizer(sp.GetRequiredService<OperationAuthorizer>()));
        services.RemoveAll<ISqlSessionInitializer>();
        services.AddSingleton<ISqlSessionInitializer>(sp => sp.GetRequiredService<PostgresSessionInitializer>());
        services.TryAddSingleton(options.Audit);
        services.TryAddSingleton<AuditLog>();
        services.AddHostedService<AuditLogWriter>();
        return services;
    }

    /// <summary>Reads the security options from fraiseql.toml text (with <c>${ENV}</c>) and registers them.</summary>
    public static IServiceCollection AddFraiseQLSecurity(this IServiceCollection services, string fraiseqlToml) =>
        services.AddFraiseQLSecurity(SecurityOptionsReader.FromToml(fraiseqlToml));
}
