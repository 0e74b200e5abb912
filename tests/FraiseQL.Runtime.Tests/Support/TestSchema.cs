using FraiseQL.Schema;
using NpgsqlTypes;

namespace FraiseQL.Runtime.Tests.Support;

/// <summary>A hand-built order/inventory schema as the generator would emit it (until the generator lands).</summary>
public static class TestSchema
{
    public static SchemaDescriptor Build(string? configToml = null)
    {
        static FieldDescriptor F(string name, string key, string type, string? deprecated = null) =>
            new() { Name = name, StorageKey = key, Type = type, DeprecationReason = deprecated };
        static InputFieldDescriptor I(string name, string type, string? defaultJson = null) =>
            new() { Name = name, StorageKey = name, Type = type, DefaultValueJson = defaultJson };
        static InputFieldDescriptor[] Leaf(string t) =>
        [
            I("eq", t), I("neq", t), I("gt", t), I("lt", t), I("in", $"[{t}!]"), I("nin", $"[{t}!]"), I("isnull", "Boolean"),
        ];

        return new SchemaDescriptor
        {
            ServiceName = "orders",
            Interfaces =
            [
                new InterfaceDescriptor { Name = "Node", Fields = [F("id", "id", "UUID!")] },
            ],
            Types =
            [
                new ObjectTypeDescriptor
                {
                    Name = "Order",
                    Implements = ["Node"],
                    Fields =
                    [
                        F("id", "id", "UUID!"),
                        F("customerId", "customer_id", "UUID!"),
                        F("status", "status", "OrderStatus!"),
                        F("total", "total", "Decimal!"),
                        F("createdAt", "created_at", "DateTime!"),
                        F("note", "note", "String"),
                        F("legacyCode", "legacy_code", "String", deprecated: "Use id"),
                        F("items", "items", "[OrderItem!]!"),
                        F("metadata", "metadata", "JSON"),
                    ],
                },
                new ObjectTypeDescriptor
                {
                    Name = "OrderItem",
                    Fields = [F("productId", "product_id", "UUID!"), F("quantity", "quantity", "Int!"), F("product", "product", "Product")],
                },
                new ObjectTypeDescriptor
                {
                    Name = "Product",
                    Implements = ["Node"],
                    Fields = [F("id", "id", "UUID!"), F("sku", "sku", "String!"), F("name", "name", "String!"), F("stock", "stock", "Int!")],
                },
            ],
            Unions = [new UnionDescriptor { Name = "SearchResult", MemberTypes = ["Order", "Product"] }],
            Enums =
            [
                new EnumDescriptor
                {
                    Name = "OrderStatus",
                    Values =
                    [
                        new EnumValueDescriptor { Name = "PENDING", StorageValue = "pending" },
                        new EnumValueDescriptor { Name = "SHIPPED", StorageValue = "shipped" },
                        new EnumValueDescriptor { Name = "CANCELLED", StorageValue = "cancelled", DeprecationReason = "Use DELETED" },
                    ],
                },
                new EnumDescriptor
                {
                    Name = "SortDirection",
                    Values = [new EnumValueDescriptor { Name = "ASC", StorageValue = "ASC" }, new EnumValueDescriptor { Name = "DESC", StorageValue = "DESC" }],
                },
            ],
            InputTypes =
            [
                new InputTypeDescriptor
                {
                    Name = "OrderItemInput",
                    Fields = [I("productId", "UUID!"), I("quantity", "Int!", "1")],
                },
                new InputTypeDescriptor
                {
                    Name = "CreateOrderInput",
                    Fields = [I("customerId", "UUID!"), I("items", "[OrderItemInput!]!"), I("note", "String"), I("status", "OrderStatus", "\"PENDING\"")],
                },
                new InputTypeDescriptor { Name = "StringFilter", IsDerived = true, Fields = Leaf("String") },
                new InputTypeDescriptor { Name = "UUIDFilter", IsDerived = true, Fields = Leaf("UUID") },
                new InputTypeDescriptor { Name = "DecimalFilter", IsDerived = true, Fields = Leaf("Decimal") },
                new InputTypeDescriptor { Name = "OrderStatusFilter", IsDerived = true, Fields = Leaf("OrderStatus") },
                new InputTypeDescriptor
                {
                    Name = "OrderWhereInput",
                    IsDerived = true,
                    FilterFor = "Order",
                    Fields =
                    [
                        I("id", "UUIDFilter"), I("customerId", "UUIDFilter"), I("status", "OrderStatusFilter"), I("total", "DecimalFilter"),
                        I("note", "StringFilter"), I("_and", "[OrderWhereInput!]"), I("_or", "[OrderWhereInput!]"), I("_not", "OrderWhereInput"),
                    ],
                },
                new InputTypeDescriptor
                {
                    Name = "OrderOrderByInput",
                    IsDerived = true,
                    Fields = [I("field", "String!"), I("direction", "SortDirection", "\"ASC\"")],
                },
            ],
            Queries =
            [
                new QueryDescriptor
                {
                    Name = "order",
                    ReturnType = "Order",
                    Nullable = true,
                    SqlSource = "\"v_order\"",
                    Arguments = [new ArgumentDescriptor { Name = "id", StorageKey = "id", Type = "UUID!" }],
                },
                new QueryDescriptor
                {
                    Name = "orders",
                    ReturnType = "Order",
                    ReturnsList = true,
                    SqlSource = "\"v_order\"",
                    HasWhere = true,
                    HasOrderBy = true,
                    HasLimit = true,
                    HasOffset = true,
                    WhereInputType = "OrderWhereInput",
                },
                new QueryDescriptor { Name = "products", ReturnType = "Product", ReturnsList = true, SqlSource = "\"v_product\"", HasLimit = true },
                new QueryDescriptor
                {
                    Name = "search",
                    ReturnType = "SearchResult",
                    ReturnsList = true,
                    SqlSource = "\"v_search\"",
                    Arguments = [new ArgumentDescriptor { Name = "term", StorageKey = "term", Type = "String!" }],
                },
                new QueryDescriptor { Name = "node", ReturnType = "Node", Nullable = true, SqlSource = "\"v_node\"", Arguments = [new ArgumentDescriptor { Name = "id", StorageKey = "id", Type = "UUID!" }] },
            ],
            Mutations =
            [
                new MutationDescriptor
                {
                    Name = "createOrder",
                    ReturnType = "Order",
                    FunctionName = "\"fn_create_order\"",
                    Sql = "SELECT * FROM \"fn_create_order\"($1::jsonb)",
                    Arguments = [new ArgumentDescriptor { Name = "input", StorageKey = "input", Type = "CreateOrderInput!" }],
                    Parameters =
                    [
                        new SqlParameterDescriptor { Name = "p_input", Source = SqlParameterSource.InputAsJsonb, Path = ["input"], GraphQLType = "CreateOrderInput!", DbType = NpgsqlDbType.Jsonb },
                    ],
                },
                new MutationDescriptor
                {
                    Name = "cancelOrder",
                    ReturnType = "Order",
                    Nullable = true,
                    FunctionName = "\"fn_cancel_order\"",
                    Sql = "SELECT * FROM \"fn_cancel_order\"($1)",
                    Arguments = [new ArgumentDescriptor { Name = "id", StorageKey = "id", Type = "UUID!" }],
                    Parameters = [new SqlParameterDescriptor { Name = "p_id", Source = SqlParameterSource.Argument, Path = ["id"], GraphQLType = "UUID!", DbType = NpgsqlDbType.Uuid }],
                },
            ],
            Subscriptions =
            [
                new SubscriptionDescriptor
                {
                    Name = "orderCreated",
                    ReturnType = "Order",
                    Topic = "order_created",
                    Arguments = [new ArgumentDescriptor { Name = "customerId", StorageKey = "customer_id", Type = "UUID" }],
                    Subjects = ["fraiseql.order.created"],
                },
            ],
            ConfigToml = configToml,
        };
    }

    public sealed class GeneratedService(SchemaDescriptor schema) : IGeneratedService
    {
        public SchemaDescriptor Schema { get; } = schema;

        public QueryDescriptor? FindQuery(string graphQLName) => Schema.Queries.FirstOrDefault(q => q.Name == graphQLName);

        public MutationDescriptor? FindMutation(string graphQLName) => Schema.Mutations.FirstOrDefault(m => m.Name == graphQLName);

        public SubscriptionDescriptor? FindSubscription(string graphQLName) => Schema.Subscriptions.FirstOrDefault(s => s.Name == graphQLName);

        public SubscribeDescriptor? FindHandler(string subject) => Schema.Subscribes.FirstOrDefault(s => s.Subject == subject);
    }
}
