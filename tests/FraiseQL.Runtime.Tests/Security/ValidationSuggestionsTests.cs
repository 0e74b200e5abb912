using System.Text;
using System.Text.Json;
using FraiseQL.Execution;
using FraiseQL.GraphQL;
using FraiseQL.Runtime.Security.Authorization;
using FraiseQL.Runtime.Security.Wiring;
using Microsoft.Extensions.Logging.Abstractions;

namespace FraiseQL.Runtime.Tests.Security;

/// <summary>
/// A validated document is cached for every caller, so an unknown field's "Available fields" suggestion must not name
/// fields some callers may not see (role-gated operations, fields that reject without a scope), whoever asks.
/// </summary>
public sealed class ValidationSuggestionsTests
{
    private static async Task<string> FirstErrorAsync(IFieldAuthorizer authorizer, string query, RequestContext caller)
    {
        var schema = ExecutableSchema.Build(SecurityTestSchema.Create().Schema);
        var cache = new DocumentCache(schema, isFieldPublic: authorizer.IsFieldPublic);
        var executor = new GraphQLExecutor(schema, cache, null, authorizer, new QueryLimits(), NullLogger<GraphQLExecutor>.Instance);
        var result = await executor.ExecuteAsync(new GraphQLRequest { Query = query }, caller, allowMutation: true, CancellationToken.None);
        using var doc = JsonDocument.Parse(Encoding.UTF8.GetString(result.Body.Span));
        Assert.False(doc.RootElement.TryGetProperty("data", out _));
        var error = doc.RootElement.GetProperty("errors")[0];
        Assert.Equal("GRAPHQL_VALIDATION_FAILED", error.GetProperty("extensions").GetProperty("code").GetString());
        return error.GetProperty("message").GetString()!;
    }

    private static SecurityFieldAuthorizer Secured() => new(new OperationAuthorizer(SecurityTestSchema.Create()));

    [Fact]
    public async Task Unknown_root_field_suggests_only_operations_every_caller_sees()
    {
        var admin = SecurityTestSchema.Caller(roles: ["admin", "staff", "auditor"], scopes: ["read:*"]);
        foreach (var caller in new[] { SecurityTestSchema.Caller(roles: ["viewer"]), admin })
        {
            var message = await FirstErrorAsync(Secured(), "{ orderz { id } }", caller);
            Assert.StartsWith("Cannot query field \"orderz\" on type \"Query\". Available fields: ", message);
            Assert.Contains("orders", message);
            Assert.DoesNotContain("adminReport", message);
            Assert.DoesNotContain("auditRecords", message); // its return type needs the auditor role
        }
        var mutation = await FirstErrorAsync(Secured(), "mutation { cancelOrderz }", admin);
        Assert.EndsWith("on type \"Mutation\". Available fields: createOrder.", mutation); // cancelOrder needs admin
    }

    [Fact]
    public async Task Unknown_object_field_does_not_suggest_fields_that_reject_without_a_scope()
    {
        var message = await FirstErrorAsync(Secured(), "{ orders { nope } }", SecurityTestSchema.Caller(roles: ["admin"], scopes: ["read:*"]));
        Assert.Contains("Available fields: ", message);
        Assert.Contains("internalNotes", message); // masked on deny: visible, resolves to null
        Assert.DoesNotContain("totalAmount", message);
    }

    [Fact]
    public async Task Without_security_every_field_is_suggested()
    {
        var message = await FirstErrorAsync(new AllowAllFieldAuthorizer(), "{ orderz { id } }", RequestContext.Anonymous("c"));
        Assert.Contains("adminReport", message);
        Assert.Contains("orders", message);
    }
}
