using FraiseQL.Schema;

namespace FraiseQL.Integration.Tests.Events.Support;

/// <summary>example-services/inventory-service: handles order-created, answers stock_level requests.</summary>
public static class InventoryServiceSchema
{
    public static HandBuiltGeneratedService Create(string prefix) => new(new SchemaDescriptor
    {
        ServiceName = "inventory-service",
        Subscribes =
        [
            new SubscribeDescriptor
            {
                Subject = prefix + ".order.created", Handler = "fn_reserve_inventory",
                Sql = "SELECT \"fn_reserve_inventory\"($1::jsonb)", ConsumerSuffix = prefix + "_order_created",
            },
        ],
        Responds =
        [
            new RespondDescriptor { Subject = prefix + ".inventory.stock_level", Handler = "fn_stock_level", Sql = "SELECT \"fn_stock_level\"($1::jsonb)" },
        ],
    });
}
