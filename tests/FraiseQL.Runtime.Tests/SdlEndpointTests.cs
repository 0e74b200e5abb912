using System.Net;
using FraiseQL.Execution;
using FraiseQL.GraphQL;
using FraiseQL.Runtime.Tests.Support;
using GraphQLParser;
using GraphQLParser.AST;
using Microsoft.Extensions.DependencyInjection;

namespace FraiseQL.Runtime.Tests;

/// <summary><c>GET /graphql?sdl</c>: the schema as SDL, as introspection shows it to the caller.</summary>
public sealed class SdlEndpointTests
{
    private static async Task<(HttpStatusCode Status, string? ContentType, string Body)> GetSdlAsync(TestHost host)
    {
        var response = await host.Client.GetAsync("/graphql?sdl");
        return (response.StatusCode, response.Content.Headers.ContentType?.ToString(), await response.Content.ReadAsStringAsync());
    }

    private static GraphQLObjectTypeDefinition Type(GraphQLDocument document, string name) =>
        Assert.Single(document.Definitions.OfType<GraphQLObjectTypeDefinition>(), t => t.Name.StringValue == name);

    [Fact]
    public async Task Serves_the_schema_as_parseable_sdl_without_spec_types()
    {
        await using var host = await TestHost.StartAsync();
        var (status, contentType, sdl) = await GetSdlAsync(host);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("text/plain; charset=utf-8", contentType);

        var document = Parser.Parse(sdl);
        var query = Type(document, "Query");
        Assert.Contains(query.Fields!.Items, f => f.Name.StringValue == "orders");
        Assert.Contains(document.Definitions, d => d is GraphQLInputObjectTypeDefinition i && i.Name.StringValue == "CreateOrderInput");
        Assert.Contains(document.Definitions, d => d is GraphQLEnumTypeDefinition e && e.Name.StringValue == "OrderStatus");
        // the spec's scalars and the introspection types are implied, as in graphql-js's printSchema
        Assert.DoesNotContain(document.Definitions, d => d is GraphQLScalarTypeDefinition s && s.Name.StringValue is "String" or "ID" or "Boolean");
        Assert.DoesNotContain("__Schema", sdl, StringComparison.Ordinal);
        // every type the executable schema lists (but the implied ones) is defined exactly once
        var expected = host.App.Services.GetRequiredService<ExecutableSchema>().TypeList
            .Where(t => !t.IsIntrospection && t.Name is not ("String" or "Int" or "Float" or "Boolean" or "ID"))
            .Select(t => t.Name).Order(StringComparer.Ordinal);
        var defined = document.Definitions.OfType<GraphQLTypeDefinition>().Select(t => t.Name.StringValue).Order(StringComparer.Ordinal);
        Assert.Equal(expected, defined);
    }

    [Fact]
    public async Task Leaves_out_what_introspection_hides_from_the_caller()
    {
        await using var host = await TestHost.StartAsync(services: s => s.AddSingleton<IFieldAuthorizer>(new HidingFieldAuthorizer("cancelOrder")));
        var (status, _, sdl) = await GetSdlAsync(host);
        Assert.Equal(HttpStatusCode.OK, status);
        var mutation = Type(Parser.Parse(sdl), "Mutation");
        Assert.Contains(mutation.Fields!.Items, f => f.Name.StringValue == "createOrder");
        Assert.DoesNotContain(mutation.Fields.Items, f => f.Name.StringValue == "cancelOrder");
    }

    [Fact]
    public async Task Is_refused_where_introspection_is()
    {
        await using var host = await TestHost.StartAsync(configureConfig: "[server]\nintrospection = false\n");
        var response = await host.Client.GetAsync("/graphql?sdl");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var body = await TestHost.JsonAsync(response);
        Assert.Equal(IntrospectionAccess.DisabledCode, body.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString());
    }
}
