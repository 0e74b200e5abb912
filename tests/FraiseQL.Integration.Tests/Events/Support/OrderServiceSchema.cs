using FraiseQL.Schema;
using NpgsqlTypes;

namespace FraiseQL.Integration.Tests.Events.Support;

/// <summary>example-services/order-service as the generator would describe it, on subjects under <c>prefix</c>.</summary>
public static class OrderServiceSchema
{
    public static HandBuiltGeneratedService Create(string prefix)
    {
        var created = new PublishDescriptor { Mutation = "createOrder", Subject = prefix + ".order.created" };
        var updated = new PublishDescriptor { Mutation = "updateOrderStatus", Subject = prefix + ".order.updated" };
        var statusChangedByUpdate = new PublishDescriptor { Mutation = "updateOrderStatus", Subject = prefix + ".order.status_changed", SubscriptionTopic = "order_status_changed" };
        var shipped = new PublishDescriptor { Mutation = "shipOrder", Subject = prefix + ".order.shipped" };
        var statusChangedByShip = new PublishDescriptor { Mutation = "shipOrder", Subject = prefix + ".order.status_changed", SubscriptionTopic = "order_status_changed" };
        return new HandBuiltGeneratedService(new SchemaDescriptor
        {
            ServiceName = "order-service",
            Types =
            [
                new ObjectTypeDescriptor
                {
                    Name = "Order",
                    Fields =
                    [
                        Field("id", "id", "ID!"), Field("identifier", "identifier", "String!"), Field("userId", "user_id", "ID!"),
                        Field("status", "status", "String!"), Field("total", "total", "Decimal!"), Field("createdAt", "created_at", "DateTime!"),
                        Field("items", "items", "[OrderItem!]!"),
                    ],
                },
                new ObjectTypeDescriptor
                {
                    Name = "OrderItem",
                    Embedded = true,
                    Fields = [Field("id", "id", "ID!"), Field("sku", "sku", "String!"), Field("qty", "qty", "Int!"), Field("price", "price", "Decimal!")],
                },
                new ObjectTypeDescriptor
                {
                    Name = "StockLevel",
                    Embedded = true,
                    Fields = [Field("sku", "sku", "String!"), Field("quantityAvailable", "quantity_available", "Int!"), Field("quantityReserved", "quantity_reserved", "Int!")],
                },
            ],
            Queries =
            [
                new QueryDescriptor
                {
                    Name = "stockLevel",
                    ReturnType = "StockLevel",
                    Nullable = true,
                    SqlSource = "\"v_stock_level\"",
                    Arguments = [new ArgumentDescriptor { Name = "sku", StorageKey = "sku", Type = "String!" }],
                    Remote = new RemoteQueryDescriptor { Subject = prefix + ".inventory.stock_level", TimeoutMs = 2000, Retries = 1 },
                },
            ],
            Mutations =
            [
                new MutationDescriptor
                {
                    Name = "createOrder", ReturnType = "Order", FunctionName = "\"fn_create_order\"", Operation = MutationOperation.Insert,
                    Sql = "SELECT * FROM \"fn_create_order\"($1, $2)",
                    Parameters =
                    [
                        new SqlParameterDescriptor { Name = "p_user_id", Source = SqlParameterSource.Argument, Path = ["input", "userId"], GraphQLType = "ID!", DbType = NpgsqlDbType.Uuid },
                        new SqlParameterDescriptor { Name = "p_item_ids", Source = SqlParameterSource.Argument, Path = ["input", "itemIds"], GraphQLType = "[String!]!", DbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
                    ],
                    Publishes = [created],
                },
                new MutationDescriptor
                {
                    Name = "updateOrderStatus", ReturnType = "Order", FunctionName = "\"fn_update_order_status\"",
                    Sql = "SELECT * FROM \"fn_update_order_status\"($1, $2)",
                    Parameters =
                    [
                        new SqlParameterDescriptor { Name = "p_id", Source = SqlParameterSource.Argument, Path = ["id"], GraphQLType = "ID!", DbType = NpgsqlDbType.Uuid },
                        new SqlParameterDescriptor { Name = "p_status", Source = SqlParameterSource.Argument, Path = ["status"], GraphQLType = "OrderStatus!", DbType = NpgsqlDbType.Text },
                    ],
                    Publishes = [updated, statusChangedByUpdate],
                },
                new MutationDescriptor
                {
                    Name = "shipOrder", ReturnType = "Order", FunctionName = "\"fn_ship_order\"",
                    Sql = "SELECT * FROM \"fn_ship_order\"($1)",
                    Parameters = [new SqlParameterDescriptor { Name = "p_id", Source = SqlParameterSource.Argument, Path = ["id"], GraphQLType = "ID!", DbType = NpgsqlDbType.Uuid }],
                    Publishes = [shipped, statusChangedByShip],
                },
            ],
            Subscriptions =
            [
                new SubscriptionDescriptor
                {
                    Name = "orderStatusChanged", ReturnType = "Order", Topic = "order_status_changed", EntityType = "Order", Operation = "UPDATE",
                    Arguments = [new ArgumentDescriptor { Name = "orderId", StorageKey = "order_id", Type = "ID" }],
                    Filters = [new SubscriptionFilterDescriptor { Argument = "orderId", Path = ["id"] }],
                    Subjects = [prefix + ".order.status_changed"],
                },
            ],
            Publishes = [created, updated, statusChangedByUpdate, shipped, statusChangedByShip],
        });
    }

    private static FieldDescriptor Field(string name, string storageKey, string type) => new() { Name = name, StorageKey = storageKey, Type = type };
}
