using FraiseQL.Runtime.Security.Authorization;
using static FraiseQL.Runtime.Tests.Security.SecurityTestSchema;

namespace FraiseQL.Runtime.Tests.Security;

public sealed class OperationAuthorizerTests
{
    private readonly OperationAuthorizer _authorizer = new(Create());

    [Fact]
    public void Query_without_requirements_is_allowed_for_anonymous_callers()
    {
        var result = _authorizer.Authorize(OperationKind.Query, [Select("orders", Select("id"), Select("status"))], Caller(principal: null));
        Assert.True(result.IsAllowed);
        Assert.Empty(result.MaskedPaths);
    }

    [Fact]
    public void Query_requiring_a_missing_role_is_denied_as_if_it_did_not_exist()
    {
        var result = _authorizer.Authorize(OperationKind.Query, [Select("adminReport", Select("id"))], Caller(["viewer"]));
        var error = Assert.Single(result.Denials);
        Assert.Equal("Cannot query field \"adminReport\" on type \"Query\".", error.Message);
        Assert.Equal("GRAPHQL_VALIDATION_FAILED", error.Code);
        Assert.Equal(["adminReport"], error.Path);
    }

    [Fact]
    public void Query_requiring_a_role_the_caller_has_is_allowed()
    {
        var result = _authorizer.Authorize(OperationKind.Query, [Select("adminReport", Select("id"))], Caller(["admin"]));
        Assert.True(result.IsAllowed);
    }

    [Fact]
    public void Return_type_role_gates_the_query_returning_it()
    {
        Assert.False(_authorizer.Authorize(OperationKind.Query, [Select("auditRecords", Select("id"))], Caller(["admin"])).IsAllowed);
        Assert.True(_authorizer.Authorize(OperationKind.Query, [Select("auditRecords", Select("id"))], Caller(["auditor"])).IsAllowed);
    }

    [Fact]
    public void Mutation_requiring_a_missing_role_is_denied_and_others_still_allowed()
    {
        var denied = _authorizer.Authorize(OperationKind.Mutation, [Select("cancelOrder", Select("id"))], Caller(["viewer"]));
        Assert.Equal("Cannot query field \"cancelOrder\" on type \"Mutation\".", Assert.Single(denied.Denials).Message);
        Assert.True(_authorizer.Authorize(OperationKind.Mutation, [Select("createOrder", Select("id"))], Caller(["viewer"])).IsAllowed);
        Assert.True(_authorizer.Authorize(OperationKind.Mutation, [Select("cancelOrder", Select("id"))], Caller(["admin"])).IsAllowed);
    }

    [Fact]
    public void Subscription_requiring_a_missing_role_is_denied()
    {
        Assert.False(_authorizer.Authorize(OperationKind.Subscription, [Select("orderStatusChanged", Select("id"))], Caller(["viewer"])).IsAllowed);
        Assert.True(_authorizer.Authorize(OperationKind.Subscription, [Select("orderStatusChanged", Select("id"))], Caller(["staff"])).IsAllowed);
    }

    [Fact]
    public void Field_with_missing_scope_is_forbidden_at_its_aliased_path()
    {
        var result = _authorizer.Authorize(OperationKind.Query,
            [SelectAs("mine", "orders", Select("id"), SelectAs("total", "totalAmount"))], Caller(["viewer"]));
        var error = Assert.Single(result.Denials);
        Assert.Equal("FORBIDDEN", error.Code);
        Assert.Equal(["mine", "total"], error.Path);
        Assert.Contains("read:Order.total", error.Message, StringComparison.Ordinal);
        Assert.Equal("read:Order.total", error.Extensions!["requiredScope"]);
    }

    [Fact]
    public void Nested_fields_are_checked_through_objects_and_lists()
    {
        var result = _authorizer.Authorize(OperationKind.Query,
            [Select("orders", Select("customer", Select("email")), Select("items", Select("sku"), Select("unitCost")))], Caller(["viewer"]));
        Assert.Equal(2, result.Denials.Count);
        Assert.Equal(["orders", "customer", "email"], result.Denials[0].Path);
        Assert.Equal(["orders", "items", "unitCost"], result.Denials[1].Path);
    }

    [Fact]
    public void Granted_and_wildcard_scopes_allow_fields()
    {
        var query = new[] { Select("orders", Select("totalAmount"), Select("customer", Select("email"))) };
        Assert.True(_authorizer.Authorize(OperationKind.Query, query, Caller(scopes: ["read:Order.total", "read:Customer.email"])).IsAllowed);
        Assert.True(_authorizer.Authorize(OperationKind.Query, query, Caller(scopes: ["read:*"])).IsAllowed);
        Assert.False(_authorizer.Authorize(OperationKind.Query, query, Caller(scopes: ["read:Order.*"])).IsAllowed);
    }

    [Fact]
    public void Masked_field_is_not_an_error_but_is_reported_for_nulling()
    {
        var notes = Select("internalNotes");
        var result = _authorizer.Authorize(OperationKind.Query, [Select("orders", Select("id"), notes)], Caller());
        Assert.True(result.IsAllowed);
        Assert.True(result.IsMasked(notes));
        Assert.Contains("orders.internalNotes", result.MaskedPaths);

        var granted = _authorizer.Authorize(OperationKind.Query, [Select("orders", Select("id"), notes)], Caller(scopes: ["read:Order.notes"]));
        Assert.False(granted.IsMasked(notes));
    }

    [Fact]
    public void Count_sibling_and_introspection_fields_are_not_denied()
    {
        Assert.True(_authorizer.Authorize(OperationKind.Query, [Select("__typename"), Select("ordersCount")], Caller()).IsAllowed);
        Assert.True(_authorizer.CanSeeOperation(OperationKind.Query, "ordersCount", Caller()));
        Assert.False(_authorizer.CanSeeOperation(OperationKind.Query, "adminReport", Caller()));
    }
}
