using FraiseQL.Schema;

namespace FraiseQL.Integration.Tests.Events.Support;

/// <summary>example-services/notification-service: non-idempotent handlers made exactly-once by the inbox.</summary>
public static class NotificationServiceSchema
{
    public static HandBuiltGeneratedService Create(string prefix, int? maxDeliver = null) => new(new SchemaDescriptor
    {
        ServiceName = "notification-service",
        Subscribes =
        [
            new SubscribeDescriptor
            {
                Subject = prefix + ".order.created", Handler = "fn_queue_order_confirmation_email",
                Sql = "SELECT \"fn_queue_order_confirmation_email\"($1::jsonb)", ConsumerSuffix = prefix + "_order_created",
                MaxDeliver = maxDeliver,
            },
            new SubscribeDescriptor
            {
                Subject = prefix + ".order.shipped", Handler = "fn_queue_shipping_notification",
                Sql = "SELECT \"fn_queue_shipping_notification\"($1::jsonb)", ConsumerSuffix = prefix + "_order_shipped",
            },
        ],
    });
}
