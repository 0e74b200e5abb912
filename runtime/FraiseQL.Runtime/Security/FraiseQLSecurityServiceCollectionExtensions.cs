using FraiseQL.Runtime.Security.Audit;
using FraiseQL.Runtime.Security.Authentication;
using FraiseQL.Runtime.Security.Authorization;
using FraiseQL.Runtime.Security.Configuration;
using FraiseQL.Runtime.Security.Session;
using FraiseQL.Schema;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace FraiseQL.Runtime.Security;

/// <summary>One call to register every security component of a service.</summary>
public static class FraiseQLSecurityServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="FraiseQLSecurityOptions"/>, JWT authentication (<see cref="FraiseQLAuthenticationExtensions.AddFraiseQLAuthentication"/>),
    /// <see cref="OperationAuthorizer"/> and <see cref="IntrospectionFilter"/> (given a registered <see cref="SchemaIndex"/>),
    /// <see cref="PostgresSessionInitializer"/>, and the <see cref="AuditLog"/> with its background <see cref="AuditLogWriter"/>.
    /// </summary>
    public static IServiceCollection AddFraiseQLSecurity(this IServiceCollection services, FraiseQLSecurityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.AddFraiseQLAuthentication(options);
        services.TryAddSingleton(sp => new OperationAuthorizer(sp.GetRequiredService<SchemaIndex>()));
        services.TryAddSingleton(sp => new IntrospectionFilter(sp.GetRequiredService<SchemaIndex>()));
        services.TryAddSingleton(new PostgresSessionInitializer(options));
        services.TryAddSingleton(options.Audit);
        services.TryAddSingleton<AuditLog>();
        services.AddHostedService<AuditLogWriter>();
        return services;
    }

    /// <summary>Reads the security options from fraiseql.toml text (with <c>${ENV}</c>) and registers them.</summary>
    public static IServiceCollection AddFraiseQLSecurity(this IServiceCollection services, string fraiseqlToml) =>
        services.AddFraiseQLSecurity(SecurityOptionsReader.FromToml(fraiseqlToml));
}
