using FraiseQL.Configuration;
using FraiseQL.GraphQL;
using FraiseQL.Hosting;
using FraiseQL.Http;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using FraiseQL.Runtime.Security.Authentication;

namespace Microsoft.AspNetCore.Builder;

/// <summary><c>app.MapFraiseQL()</c>: GraphQL (HTTP + WebSocket + GraphiQL) at <c>/graphql</c>, health at <c>/health/live</c> and <c>/health/ready</c>.</summary>
public static class FraiseQLEndpointRouteBuilderExtensions
{
    public const string LiveTag = "live";
    public const string ReadyTag = "ready";

    /// <summary>
    /// Maps the GraphQL endpoint and the health endpoints. Loads and validates fraiseql.toml and the
    /// generated schema now, so a bad setting stops start-up with an error naming the key and file.
    /// On a <c>WebApplication</c> it also enables WebSockets (subscriptions).
    /// </summary>
    public static IEndpointConventionBuilder MapFraiseQL(this IEndpointRouteBuilder endpoints, string pattern = "/graphql")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var services = endpoints.ServiceProvider;
        if (services.GetService<GraphQLHttpEndpoint>() is null)
        {
            throw new InvalidOperationException("FraiseQL: call builder.Services.AddFraiseQL(builder.Configuration) before app.MapFraiseQL().");
        }
        var generated = FraiseQLServiceCollectionExtensions.RequireGenerated(services);
        var config = services.GetRequiredService<FraiseQLConfig>();
        RequireSqlExecutor(services, generated.Schema, config);
        _ = services.GetRequiredService<GraphQLExecutor>();
        var endpoint = services.GetRequiredService<GraphQLHttpEndpoint>();
        if (endpoints is IApplicationBuilder app)
        {
            if (services.GetService<FraiseQL.Runtime.Security.Configuration.FraiseQLSecurityOptions>() is not null)
            {
                app.UseFraiseQLAuthentication(pattern);
            }
            app.UseWebSockets();
        }
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = check => check.Tags.Contains(LiveTag) });
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) });
        return endpoints.Map(pattern, (RequestDelegate)endpoint.HandleAsync).WithDisplayName("FraiseQL GraphQL");
    }

    /// <summary>
    /// Operations that run SQL need PostgreSQL: without [database] url (and no executor registered by hand) every one of
    /// them would fail at request time while /health/ready reported healthy, so start-up stops here instead.
    /// </summary>
    private static void RequireSqlExecutor(IServiceProvider services, FraiseQL.Schema.SchemaDescriptor schema, FraiseQLConfig config)
    {
        if (services.GetService<FraiseQL.Execution.IRootFieldExecutor>() is not null)
        {
            return;
        }
        var sqlOperations = schema.Queries.Where(q => q.Remote is null).Select(q => q.Name)
            .Concat(schema.Mutations.Select(m => m.Name)).ToList();
        if (sqlOperations.Count == 0)
        {
            return;
        }
        var shown = string.Join(", ", sqlOperations.Take(5)) + (sqlOperations.Count > 5 ? $" and {sqlOperations.Count - 5} more" : "");
        throw new FraiseQLConfigurationException(
            $"{config.Source}: [database] url: not set, but the schema has operations that run SQL ({shown}). " +
            "Set it, for example url = \"${DATABASE_URL}\" (a postgres:// URL or an Npgsql connection string).");
    }
}
