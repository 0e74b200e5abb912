using System.Net;
using System.Text.Json;
using FraiseQL.Runtime.Tests.Support;

namespace FraiseQL.Runtime.Tests;

public sealed class IntrospectionTests : IAsyncLifetime
{
    /// <summary>graphql-js 16 getIntrospectionQuery({ descriptions, specifiedByUrl, directiveIsRepeatable, schemaDescription, inputValueDeprecation }), as GraphiQL sends it.</summary>
    public const string StandardIntrospectionQuery = """
        query IntrospectionQuery {
          __schema {
            description
            queryType { name }
            mutationType { name }
            subscriptionType { name }
            types { ...FullType }
            directives { name description isRepeatable locations args(includeDeprecated: true) { ...InputValue } }
          }
        }
        fragment FullType on __Type {
          kind name description specifiedByURL
          fields(includeDeprecated: true) { name description args(includeDeprecated: true) { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason }
          inputFields(includeDeprecated: true) { ...InputValue }
          interfaces { ...TypeRef }
          enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
          possibleTypes { ...TypeRef }
        }
        fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue isDeprecated deprecationReason }
        fragment TypeRef on __Type {
          kind name
          ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } } }
        }
        """;

    private TestHost _host = null!;

    public async Task InitializeAsync() => _host = await TestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Standard_introspection_query_describes_the_schema()
    {
        var response = await _host.PostAsync(StandardIntrospectionQuery);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var schema = (await TestHost.JsonAsync(response)).GetProperty("data").GetProperty("__schema");
        Assert.Equal("Query", schema.GetProperty("queryType").GetProperty("name").GetString());
        Assert.Equal("Mutation", schema.GetProperty("mutationType").GetProperty("name").GetString());
        Assert.Equal("Subscription", schema.GetProperty("subscriptionType").GetProperty("name").GetString());
        var types = schema.GetProperty("types").EnumerateArray().ToDictionary(t => t.GetProperty("name").GetString()!);
        foreach (var name in new[] { "Order", "OrderItem", "Product", "Node", "SearchResult", "OrderStatus", "OrderWhereInput", "StringFilter", "UUID", "DateTime", "Decimal", "JSON", "Date", "String", "Int", "Boolean", "__Schema", "__Type" })
        {
            Assert.True(types.ContainsKey(name), name);
        }

        var orders = types["Query"].GetProperty("fields").EnumerateArray().Single(f => f.GetProperty("name").GetString() == "orders");
        Assert.Equal(["where", "orderBy", "limit", "offset"], orders.GetProperty("args").EnumerateArray().Select(a => a.GetProperty("name").GetString()));
        var ordersType = orders.GetProperty("type");
        Assert.Equal("NON_NULL", ordersType.GetProperty("kind").GetString());
        Assert.Equal("LIST", ordersType.GetProperty("ofType").GetProperty("kind").GetString());
        Assert.Equal("Order", ordersType.GetProperty("ofType").GetProperty("ofType").GetProperty("ofType").GetProperty("name").GetString());

        var status = types["OrderStatus"].GetProperty("enumValues").EnumerateArray().ToArray();
        Assert.Equal(3, status.Length);
        Assert.True(status[2].GetProperty("isDeprecated").GetBoolean());
        Assert.Equal("Use id", types["Order"].GetProperty("fields").EnumerateArray().Single(f => f.GetProperty("name").GetString() == "legacyCode").GetProperty("deprecationReason").GetString());
        Assert.Equal(["Order", "Product"], types["SearchResult"].GetProperty("possibleTypes").EnumerateArray().Select(t => t.GetProperty("name").GetString()));
        Assert.Equal(["Node"], types["Order"].GetProperty("interfaces").EnumerateArray().Select(t => t.GetProperty("name").GetString()));
        var direction = types["OrderOrderByInput"].GetProperty("inputFields").EnumerateArray().Single(f => f.GetProperty("name").GetString() == "direction");
        Assert.Equal("ASC", direction.GetProperty("defaultValue").GetString());
        var createStatus = types["CreateOrderInput"].GetProperty("inputFields").EnumerateArray().Single(f => f.GetProperty("name").GetString() == "status");
        Assert.Equal("PENDING", createStatus.GetProperty("defaultValue").GetString());
        Assert.Contains(schema.GetProperty("directives").EnumerateArray(), d => d.GetProperty("name").GetString() == "skip");
        Assert.Empty(_host.Executor.Calls);
    }

    [Fact]
    public async Task Deprecated_members_are_hidden_unless_asked()
    {
        var response = await _host.PostAsync("""{ __type(name: "OrderStatus") { kind enumValues { name } all: enumValues(includeDeprecated: true) { name } } order: __type(name: "Order") { fields { name } } }""");
        var data = (await TestHost.JsonAsync(response)).GetProperty("data");
        Assert.Equal(2, data.GetProperty("__type").GetProperty("enumValues").GetArrayLength());
        Assert.Equal(3, data.GetProperty("__type").GetProperty("all").GetArrayLength());
        Assert.DoesNotContain(data.GetProperty("order").GetProperty("fields").EnumerateArray(), f => f.GetProperty("name").GetString() == "legacyCode");
    }

    [Fact]
    public async Task Unknown_type_is_null()
    {
        var response = await _host.PostAsync("""{ __type(name: "Nope") { name } }""");
        Assert.Equal("""{"data":{"__type":null}}""", await response.Content.ReadAsStringAsync());
    }
}
