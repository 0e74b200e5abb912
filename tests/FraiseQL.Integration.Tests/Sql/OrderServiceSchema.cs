using FraiseQL.Schema;
using NpgsqlTypes;

namespace FraiseQL.Integration.Tests.Sql;

/// <summary>
/// The order service's <see cref="SchemaDescriptor"/> as the generator will emit it from
/// example-services/order-service/schema.json + fraiseql.toml, written by hand until the
/// generator lands (swap for the generated one then).
/// </summary>
internal static class OrderServiceSchema
{
    public static readonly ObjectTypeDescriptor Order = new()
    {
        Name = "Order",
        Description = "A customer's order.",
        Fields =
        [
            new FieldDescriptor { Name = "id", StorageKey = "id", Type = "ID!" },
            new FieldDescriptor { Name = "identifier", StorageKey = "identifier", Type = "String!" },
            new FieldDescriptor { Name = "userId", StorageKey = "user_id", Type = "ID!" },
            new FieldDescriptor { Name = "status", StorageKey = "status", Type = "String!" },
            new FieldDescriptor { Name = "total", StorageKey = "total", Type = "Decimal!" },
            new FieldDescriptor { Name = "createdAt", StorageKey = "created_at", Type = "DateTime!" },
            new FieldDescriptor { Name = "items", StorageKey = "items", Type = "[OrderItem!]!" },
        ],
    };

    public static readonly ObjectTypeDescriptor OrderItem = new()
    {
        Name = "OrderItem",
        Embedded = true,
        Fields =
        [
            new FieldDescriptor { Name = "id", StorageKey = "id", Type = "ID!" },
            new FieldDescriptor { Name = "sku", StorageKey = "sku", Type = "String!" },
            new FieldDescriptor { Name = "qty", StorageKey = "qty", Type = "Int!" },
            new FieldDescriptor { Name = "price", StorageKey = "price", Type = "Decimal!" },
        ],
    };

    public static readonly ObjectTypeDescriptor StockLevel = new()
    {
        Name = "StockLevel",
        Embedded = true,
        Fields =
        [
            new FieldDescriptor { Name = "sku", StorageKey = "sku", Type = "String!" },
            new FieldDescriptor { Name = "quantityAvailable", StorageKey = "quantity_available", Type = "Int!" },
            new FieldDescriptor { Name = "quantityReserved", StorageKey = "quantity_reserved", Type = "Int!" },
        ],
    };

    public static readonly EnumDescriptor OrderStatus = new()
    {
        Name = "OrderStatus",
        Values =
        [
            new EnumValueDescriptor { Name = "PENDING", StorageValue = "PENDING" },
            new EnumValueDescriptor { Name = "CONFIRMED", StorageValue = "CONFIRMED" },
            new EnumValueDescriptor { Name = "SHIPPED", StorageValue = "SHIPPED" },
            new EnumValueDescriptor { Name = "CANCELLED", StorageValue = "CANCELLED" },
        ],
    };

    public static readonly QueryDescriptor OrderQuery = new()
    {
        Name = "order",
        ReturnType = "Order",
        Nullable = true,
        Arguments = [new ArgumentDescriptor { Name = "id", StorageKey = "id", Type = "ID!" }],
        SqlSource = "\"v_order\"",
    };

    public static readonly QueryDescriptor OrdersQuery = new()
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
    };

    public static readonly PublishDescriptor[] Publishes =
    [
        new PublishDescriptor { Mutation = "create_order", Subject = "fraiseql.order.created" },
        new PublishDescriptor { Mutation = "update_order_status", Subject = "fraiseql.order.updated" },
        new PublishDescriptor { Mutation = "update_order_status", Subject = "fraiseql.order.status_changed", SubscriptionTopic = "order_status_changed" },
        new PublishDescriptor { Mutation = "ship_order", Subject = "fraiseql.order.shipped" },
        new PublishDescriptor { Mutation = "ship_order", Subject = "fraiseql.order.status_changed", SubscriptionTopic = "order_status_changed" },
    ];

    public static readonly MutationDescriptor CreateOrder = new()
    {
        Name = "createOrder",
        ReturnType = "Order",
        Arguments = [new ArgumentDescriptor { Name = "input", StorageKey = "input", Type = "CreateOrderInput!" }],
        FunctionName = "\"fn_create_order\"",
        Operation = MutationOperation.Insert,
        Sql = "SELECT * FROM \"fn_create_order\"($1, $2)",
        Parameters =
        [
            new SqlParameterDescriptor { Name = "p_user_id", Source = SqlParameterSource.Argument, Path = ["input", "userId"], GraphQLType = "ID!", DbType = NpgsqlDbType.Uuid },
            new SqlParameterDescriptor { Name = "p_item_ids", Source = SqlParameterSource.Argument, Path = ["input", "itemIds"], GraphQLType = "[String!]!", DbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
        ],
        Publishes = Publishes.Where(p => p.Mutation == "create_order").ToArray(),
    };

    public static readonly MutationDescriptor UpdateOrderStatus = new()
    {
        Name = "updateOrderStatus",
        ReturnType = "Order",
        Arguments =
        [
            new ArgumentDescriptor { Name = "id", StorageKey = "id", Type = "ID!" },
            new ArgumentDescriptor { Name = "status", StorageKey = "status", Type = "OrderStatus!" },
        ],
        FunctionName = "\"fn_update_order_status\"",
        Sql = "SELECT * FROM \"fn_update_order_status\"($1, $2)",
        Parameters =
        [
            new SqlParameterDescriptor { Name = "p_id", Source = SqlParameterSource.Argument, Path = ["id"], GraphQLType = "ID!", DbType = NpgsqlDbType.Uuid },
            new SqlParameterDescriptor { Name = "p_status", Source = SqlParameterSource.Argument, Path = ["status"], GraphQLType = "OrderStatus!", DbType = NpgsqlDbType.Text },
        ],
        Publishes = Publishes.Where(p => p.Mutation == "update_order_status").ToArray(),
    };

    public static readonly MutationDescriptor ShipOrder = new()
    {
        Name = "shipOrder",
        ReturnType = "Order",
        Arguments = [new ArgumentDescriptor { Name = "id", StorageKey = "id", Type = "ID!" }],
        FunctionName = "\"fn_ship_order\"",
        Sql = "SELECT * FROM \"fn_ship_order\"($1)",
        Parameters =
        [
            new SqlParameterDescriptor { Name = "p_id", Source = SqlParameterSource.Argument, Path = ["id"], GraphQLType = "ID!", DbType = NpgsqlDbType.Uuid },
        ],
        Publishes = Publishes.Where(p => p.Mutation == "ship_order").ToArray(),
    };

    public static readonly SchemaDescriptor Schema = new()
    {
        ServiceName = "order-service",
        Types = [Order, OrderItem, StockLevel],
        Enums = [OrderStatus, new EnumDescriptor { Name = "SortDirection", Values = [new EnumValueDescriptor { Name = "ASC", StorageValue = "ASC" }, new EnumValueDescriptor { Name = "DESC", StorageValue = "DESC" }] }],
        InputTypes =
        [
            new InputTypeDescriptor
            {
                Name = "CreateOrderInput",
                Fields =
                [
                    new InputFieldDescriptor { Name = "userId", StorageKey = "user_id", Type = "ID!" },
                    new InputFieldDescriptor { Name = "itemIds", StorageKey = "item_ids", Type = "[String!]!" },
                ],
            },
            .. DerivedInputs.LeafFilters(),
            .. DerivedInputs.For(Order),
            .. DerivedInputs.For(OrderItem),
        ],
        Queries =
        [
            OrderQuery,
            OrdersQuery,
            new QueryDescriptor
            {
                Name = "stockLevel",
                ReturnType = "StockLevel",
                Nullable = true,
                Arguments = [new ArgumentDescriptor { Name = "sku", StorageKey = "sku", Type = "String!" }],
                SqlSource = "\"v_stock_level\"",
                Remote = new RemoteQueryDescriptor { Subject = "fraiseql.inventory.stock_level", TimeoutMs = 2000, Retries = 1 },
            },
        ],
        Mutations = [CreateOrder, UpdateOrderStatus, ShipOrder],
        Publishes = Publishes,
    };
}
