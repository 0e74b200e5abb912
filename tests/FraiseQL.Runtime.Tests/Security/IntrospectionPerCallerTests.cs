using System.Text;
using System.Text.Json;
using FraiseQL.Execution;
using FraiseQL.GraphQL;
using FraiseQL.Runtime.Security.Authorization;
using FraiseQL.Runtime.Security.Wiring;
using Microsoft.Extensions.Logging.Abstractions;

namespace FraiseQL.Runtime.Tests.Security;

/// <summary>The executor's introspection answers per caller when the security authorizer is plugged in.</summary>
public sealed class IntrospectionPerCallerTests
{
    private const string Query = """
        { __schema { queryType { fields { name } } mutationType { fields { name } } subscriptionType { fields { name } } }
          __type(name: "Order") { fields { name } } }
        """;

    private static async Task<JsonElement> IntrospectAsync(IFieldAuthorizer authorizer, RequestContext caller)
    {
        var schema = ExecutableSchema.Build(SecurityTestSchema.Create().Schema);
        var executor = new GraphQLExecutor(schema, new DocumentCache(schema), null, authorizer, new QueryLimits(), NullLogger<GraphQLExecutor>.Instance);
        var result = await executor.ExecuteAsync(new GraphQLRequest { Query = Query }, caller, allowMutation: false, CancellationToken.None);
        using var doc = JsonDocument.Parse(Encoding.UTF8.GetString(result.Body.Span));
        Assert.False(doc.RootElement.TryGetProperty("errors", out var errors), errors.ToString());
        return doc.RootElement.GetProperty("data").Clone();
    }

    private static string[] Names(JsonElement data, params string[] path)
    {
        var element = data;
        foreach (var step in path)
        {
            element = element.GetProperty(step);
        }
        return [.. element.GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("name").GetString()!)];
    }

    [Fact]
    public async Task Viewer_does_not_see_role_gated_operations_nor_rejecting_scoped_fields()
    {
        var authorizer = new SecurityFieldAuthorizer(new OperationAuthorizer(SecurityTestSchema.Create()));
        var viewer = await IntrospectAsync(authorizer, SecurityTestSchema.Caller(roles: ["viewer"]));
        Assert.DoesNotContain("adminReport", Names(viewer, "__schema", "queryType"));
        Assert.DoesNotContain("auditRecords", Names(viewer, "__schema", "queryType")); // return type needs "auditor"
        Assert.Contains("orders", Names(viewer, "__schema", "queryType"));
        Assert.Equal(["createOrder"], Names(viewer, "__schema", "mutationType"));
        // no subscription the viewer may see: no subscription root at all (a type without fields is not a valid schema)
        Assert.Equal(JsonValueKind.Null, viewer.GetProperty("__schema").GetProperty("subscriptionType").ValueKind);
        // totalAmount rejects without its scope: hidden; internalNotes is masked: listed (it resolves to null)
        Assert.Equal(["id", "status", "internalNotes", "customer", "items"], Names(viewer, "__type"));

        var admin = await IntrospectAsync(authorizer, SecurityTestSchema.Caller(roles: ["admin", "staff", "auditor"], scopes: ["read:*"]));
        Assert.Contains("adminReport", Names(admin, "__schema", "queryType"));
        Assert.Equal(["cancelOrder", "createOrder"], Names(admin, "__schema", "mutationType"));
        Assert.Equal(["orderStatusChanged"], Names(admin, "__schema", "subscriptionType"));
        Assert.Contains("totalAmount", Names(admin, "__type"));
    }

    [Fact]
    public async Task Types_only_hidden_operations_use_are_not_listed()
    {
        const string types = """{ __schema { types { name } } auditRecord: __type(name: "AuditRecord") { name } order: __type(name: "Order") { name } }""";
        var schema = ExecutableSchema.Build(SecurityTestSchema.Create().Schema);
        var authorizer = new SecurityFieldAuthorizer(new OperationAuthorizer(SecurityTestSchema.Create()));
        var executor = new GraphQLExecutor(schema, new DocumentCache(schema), null, authorizer, new QueryLimits(), NullLogger<GraphQLExecutor>.Instance);
        async Task<JsonElement> As(RequestContext caller)
        {
            var result = await executor.ExecuteAsync(new GraphQLRequest { Query = types }, caller, allowMutation: false, CancellationToken.None);
            using var doc = JsonDocument.Parse(Encoding.UTF8.GetString(result.Body.Span));
            return doc.RootElement.GetProperty("data").Clone();
        }
        static string[] TypeNames(JsonElement data) => [.. data.GetProperty("__schema").GetProperty("types").EnumerateArray().Select(t => t.GetProperty("name").GetString()!)];

        // AuditRecord is reachable only through auditRecords, which needs the auditor role
        var viewer = await As(SecurityTestSchema.Caller(roles: ["viewer"]));
        Assert.DoesNotContain("AuditRecord", TypeNames(viewer));
        Assert.Equal(JsonValueKind.Null, viewer.GetProperty("auditRecord").ValueKind);
        Assert.Equal("Order", viewer.GetProperty("order").GetProperty("name").GetString());
        Assert.Contains("Boolean", TypeNames(viewer));
        Assert.Contains("__Schema", TypeNames(viewer));
        Assert.DoesNotContain("Subscription", TypeNames(viewer));

        var auditor = await As(SecurityTestSchema.Caller(roles: ["auditor"]));
        Assert.Contains("AuditRecord", TypeNames(auditor));
        Assert.Equal("AuditRecord", auditor.GetProperty("auditRecord").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Without_security_introspection_shows_everything()
    {
        var data = await IntrospectAsync(new AllowAllFieldAuthorizer(), SecurityTestSchema.Caller());
        Assert.Equal(["cancelOrder", "createOrder"], Names(data, "__schema", "mutationType"));
        Assert.Contains("totalAmount", Names(data, "__type"));
    }
}
