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
        FraiseQLServiceCollectionExtensions.RequireGenerated(services);
        _ = services.GetRequiredService<FraiseQLConfig>();
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
}
