using FraiseQL.Execution;
using FraiseQL.GraphQL;
using FraiseQL.Http;
using FraiseQL.Runtime.Security;
using FraiseQL.Runtime.Security.Authentication;
using FraiseQL.Runtime.Security.Authorization;
using FraiseQL.Runtime.Security.Configuration;
using FraiseQL.Runtime.Security.Session;
using FraiseQL.Runtime.Security.Wiring;
using FraiseQL.Runtime.Tests.Support;
using FraiseQL.Schema;
using FraiseQL.Sql;
using Microsoft.Extensions.DependencyInjection;

namespace FraiseQL.Runtime.Tests.Security;

public sealed class SecurityWiringTests
{
    private static readonly FraiseQLSecurityOptions Options = SecurityOptionsReader.FromToml("""
        [security]
        default_role = "viewer"
        [[security.role_definitions]]
        name = "viewer"
        scopes = ["read:Order.status"]
        """, _ => null);

    [Fact]
    public async Task AddFraiseQLSecurity_replaces_the_runtime_seams_and_maps_identity_per_request()
    {
        await using var host = await TestHost.StartAsync(services: s => s.AddFraiseQLSecurity(Options));
        Assert.IsType<SecurityFieldAuthorizer>(host.App.Services.GetRequiredService<IFieldAuthorizer>());
        Assert.IsType<SecurityRequestContextFactory>(host.App.Services.GetRequiredService<IRequestContextFactory>());
        Assert.IsType<PostgresSessionInitializer>(host.App.Services.GetRequiredService<ISqlSessionInitializer>());

        host.Executor.Responses["products"] = "[]";
        using var response = await host.PostAsync("{ products { id } }");
        var body = await TestHost.JsonAsync(response);
        Assert.True(body.TryGetProperty("data", out _), body.ToString());
        var call = Assert.Single(host.Executor.Calls);
        Assert.Equal(["viewer"], call.Context.Roles);
        Assert.Equal(["read:Order.status"], call.Context.Scopes);
    }

    [Fact]
    public void Authentication_services_are_registered_only_when_auth_is_configured()
    {
        // Registered authentication services make WebApplication insert ASP.NET Core's authentication middleware, which
        // resolves a scoped handler provider per request through DI's runtime (reflection) resolver.
        var without = new ServiceCollection().AddFraiseQLAuthentication(Options);
        Assert.DoesNotContain(without, d => d.ServiceType == typeof(Microsoft.AspNetCore.Authentication.IAuthenticationSchemeProvider));
        var withAuth = SecurityOptionsReader.FromToml("[auth]\nissuer = \"https://id.example\"\n", _ => null);
        var with = new ServiceCollection().AddFraiseQLAuthentication(withAuth);
        Assert.Contains(with, d => d.ServiceType == typeof(Microsoft.AspNetCore.Authentication.IAuthenticationSchemeProvider));
    }

    [Fact]
    public async Task Field_authorizer_denies_role_gated_operations_at_their_path()
    {
        var schema = new SchemaIndex(TestSchema.Build());
        var authorizer = new SecurityFieldAuthorizer(new OperationAuthorizer(schema));
        var gated = new QueryDescriptor { Name = "orders", ReturnType = "Order", ReturnsList = true, SqlSource = "\"v_order\"", RequiresRole = "admin" };
        var field = new SchemaField { Name = "orders", Type = TypeRef.Parse("[Order!]!"), Query = gated };
        var selection = new FieldSelection { ResponseName = "mine", FieldName = "orders", Selections = [new FieldSelection { ResponseName = "id", FieldName = "id" }] };

        var viewer = new RequestContext { CorrelationId = "c", Principal = "alice", Roles = ["viewer"] };
        // the test schema declares no role on "orders": allowed
        Assert.Null(await authorizer.AuthorizeAsync(field, selection, viewer, CancellationToken.None));

        var gatedSchema = new SchemaIndex(new SchemaDescriptor { ServiceName = "s", Types = schema.Schema.Types, Queries = [gated] });
        var denied = await new SecurityFieldAuthorizer(new OperationAuthorizer(gatedSchema)).AuthorizeAsync(field, selection, viewer, CancellationToken.None);
        Assert.Equal("GRAPHQL_VALIDATION_FAILED", denied!.Code);
        Assert.Equal(["mine"], denied.Path);
        Assert.Null(await new SecurityFieldAuthorizer(new OperationAuthorizer(gatedSchema)).AuthorizeAsync(field, selection,
            new RequestContext { CorrelationId = "c", Principal = "root", Roles = ["admin"] }, CancellationToken.None));
    }
}
