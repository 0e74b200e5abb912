using FraiseQL.Schema;

namespace FraiseQL.Integration.Tests.Events.Support;

/// <summary>example-services/analytics-service: one handler for created and updated events.</summary>
public static class AnalyticsServiceSchema
{
    public static HandBuiltGeneratedService Create(string prefix, string[]? invalidatesViews = null) => new(new SchemaDescriptor
    {
        ServiceName = "analytics-service",
        Subscribes =
        [
            new SubscribeDescriptor
            {
                Subject = prefix + ".order.created", Handler = "fn_record_order_event",
                Sql = "SELECT \"fn_record_order_event\"($1::jsonb)", ConsumerSuffix = prefix + "_order_created",
                InvalidatesViews = invalidatesViews ?? [],
            },
            new SubscribeDescriptor
            {
                Subject = prefix + ".order.updated", Handler = "fn_record_order_event",
                Sql = "SELECT \"fn_record_order_event\"($1::jsonb)", ConsumerSuffix = prefix + "_order_updated",
                InvalidatesViews = invalidatesViews ?? [],
            },
        ],
    });
}
