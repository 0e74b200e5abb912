using FraiseQL.Execution;
using FraiseQL.Schema;

namespace FraiseQL.Runtime.Tests.Security;

/// <summary>A small schema with role- and scope-gated operations and fields.</summary>
internal static class SecurityTestSchema
{
    public static SchemaIndex Create() => new(new SchemaDescriptor
    {
        ServiceName = "order-service",
        Types =
        [
            new ObjectTypeDescriptor
            {
                Name = "Order",
                Fields =
                [
                    Field("id", "UUID!"),
                    Field("status", "String!"),
                    Field("totalAmount", "Decimal!", scope: "read:Order.total"),
                    Field("internalNotes", "String", scope: "read:Order.notes", onDeny: "mask"),
                    Field("customer", "Customer!"),
                    Field("items", "[OrderItem!]!"),
                ],
            },
            new ObjectTypeDescriptor
            {
                Name = "Customer",
                Fields = [Field("id", "UUID!"), Field("email", "String!", scope: "read:Customer.email")],
            },
            new ObjectTypeDescriptor
            {
                Name = "OrderItem",
                Fields = [Field("sku", "String!"), Field("unitCost", "Decimal!", scope: "read:cost")],
            },
            new ObjectTypeDescriptor
            {
                Name = "AuditRecord",
                RequiresRole = "auditor",
                Fields = [Field("id", "UUID!")],
            },
        ],
        Queries =
        [
            new QueryDescriptor { Name = "orders", ReturnType = "Order", ReturnsList = true, SqlSource = "\"v_order\"" },
            // "count": true on orders: the generator emits the sibling with the list's view and role
            new QueryDescriptor { Name = "ordersCount", ReturnType = "Int", CountOf = "Order", HasWhere = true, SqlSource = "\"v_order\"" },
            new QueryDescriptor { Name = "adminReport", ReturnType = "Order", SqlSource = "\"v_order\"", RequiresRole = "admin" },
            new QueryDescriptor { Name = "auditRecords", ReturnType = "AuditRecord", ReturnsList = true, SqlSource = "\"v_audit\"" },
        ],
        Mutations =
        [
            new MutationDescriptor
            {
                Name = "cancelOrder", ReturnType = "Order", FunctionName = "\"fn_cancel_order\"",
                Sql = "SELECT * FROM \"fn_cancel_order\"($1)", Parameters = [], RequiresRole = "admin",
            },
            new MutationDescriptor
            {
                Name = "createOrder", ReturnType = "Order", FunctionName = "\"fn_create_order\"",
                Sql = "SELECT * FROM \"fn_create_order\"($1)", Parameters = [],
            },
        ],
        Subscriptions =
        [
            new SubscriptionDescriptor { Name = "orderStatusChanged", ReturnType = "Order", Topic = "order_status_changed", RequiresRole = "staff" },
        ],
        IntrospectionJson = IntrospectionJson,
    });

    public const string IntrospectionJson = """
        {"__schema":{"queryType":{"name":"Query"},"mutationType":{"name":"Mutation"},"subscriptionType":{"name":"Subscription"},
        "types":[
          {"kind":"OBJECT","name":"Query","fields":[{"name":"orders"},{"name":"adminReport"},{"name":"auditRecords"},{"name":"ordersCount"}]},
          {"kind":"OBJECT","name":"Mutation","fields":[{"name":"cancelOrder"},{"name":"createOrder"}]},
          {"kind":"OBJECT","name":"Subscription","fields":[{"name":"orderStatusChanged"}]},
          {"kind":"OBJECT","name":"Order","fields":[{"name":"id"},{"name":"status"},{"name":"totalAmount"},{"name":"internalNotes"},{"name":"customer"},{"name":"items"}]},
          {"kind":"SCALAR","name":"UUID","fields":null}
        ]}}
        """;

    public static FieldSelection Select(string name, params FieldSelection[] children) =>
        new() { ResponseName = name, FieldName = name, Selections = children, Location = new SourceLocation(1, 3) };

    public static FieldSelection SelectAs(string alias, string name, params FieldSelection[] children) =>
        new() { ResponseName = alias, FieldName = name, Selections = children, Location = new SourceLocation(2, 5) };

    public static RequestContext Caller(string[]? roles = null, string[]? scopes = null, string? principal = "alice") => new()
    {
        CorrelationId = "corr-1",
        Principal = principal,
        Roles = roles ?? [],
        Scopes = scopes ?? [],
    };

    private static FieldDescriptor Field(string name, string type, string? scope = null, string onDeny = "reject") =>
        new() { Name = name, StorageKey = name, Type = type, RequiresScope = scope, OnDeny = onDeny };
}
