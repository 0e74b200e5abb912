using System.Net;
using FraiseQL.Execution;
using FraiseQL.GraphQL;
using FraiseQL.Http;
using FraiseQL.Runtime.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace FraiseQL.Runtime.Tests;

/// <summary><c>[server] introspection</c> and <c>introspection_roles</c> (<see cref="IntrospectionAccess"/>).</summary>
public sealed class IntrospectionAccessTests
{
    /// <summary>Roles from an <c>x-test-role</c> header, standing in for a token.</summary>
    private sealed class HeaderRoleContextFactory : IRequestContextFactory
    {
        public RequestContext Create(HttpContext httpContext) => new()
        {
            CorrelationId = "test",
            Principal = httpContext.Request.Headers["x-test-role"].Count > 0 ? "tester" : null,
            Roles = [.. httpContext.Request.Headers["x-test-role"].Select(r => r!)],
        };
    }

    private static async Task<(HttpStatusCode Status, string? Code)> AskAsync(TestHost host, string query, string? role = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent("{\"query\":\"" + query + "\"}", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.ParseAdd("application/graphql-response+json");
        if (role is not null)
        {
            request.Headers.Add("x-test-role", role);
        }
        var response = await host.Client.SendAsync(request);
        var body = await TestHost.JsonAsync(response);
        return (response.StatusCode, body.TryGetProperty("errors", out var errors) ? errors[0].GetProperty("extensions").GetProperty("code").GetString() : null);
    }

    [Fact]
    public async Task Introspection_is_open_by_default()
    {
        await using var host = await TestHost.StartAsync();
        Assert.Equal((HttpStatusCode.OK, null), await AskAsync(host, "{ __schema { queryType { name } } }"));
    }

    [Fact]
    public async Task Introspection_false_refuses_schema_and_type_but_answers_typename()
    {
        await using var host = await TestHost.StartAsync(configureConfig: "[server]\nintrospection = false\n");
        Assert.Equal((HttpStatusCode.BadRequest, IntrospectionAccess.DisabledCode), await AskAsync(host, "{ __schema { queryType { name } } }"));
        Assert.Equal((HttpStatusCode.BadRequest, IntrospectionAccess.DisabledCode), await AskAsync(host, "{ __type(name: \\\"Order\\\") { name } }"));
        Assert.Equal((HttpStatusCode.BadRequest, IntrospectionAccess.DisabledCode), await AskAsync(host, "{ ...F } fragment F on Query { __schema { types { name } } }"));
        // nothing else in the document runs either
        Assert.Equal((HttpStatusCode.BadRequest, IntrospectionAccess.DisabledCode), await AskAsync(host, "{ orders(limit: 1) { id } __schema { queryType { name } } }"));
        Assert.Empty(host.Executor.Calls);
        Assert.Equal((HttpStatusCode.OK, null), await AskAsync(host, "{ __typename }"));
    }

    [Fact]
    public async Task Introspection_roles_open_it_to_those_roles_only()
    {
        await using var host = await TestHost.StartAsync(
            configureConfig: "[server]\nintrospection_roles = [\"admin\"]\n",
            services: s => s.AddSingleton<IRequestContextFactory, HeaderRoleContextFactory>());
        Assert.Equal((HttpStatusCode.BadRequest, IntrospectionAccess.DisabledCode), await AskAsync(host, "{ __schema { queryType { name } } }"));
        Assert.Equal((HttpStatusCode.BadRequest, IntrospectionAccess.DisabledCode), await AskAsync(host, "{ __schema { queryType { name } } }", role: "viewer"));
        Assert.Equal((HttpStatusCode.OK, null), await AskAsync(host, "{ __schema { queryType { name } } }", role: "admin"));
    }
}
