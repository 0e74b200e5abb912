using System.Collections.Concurrent;
using System.Diagnostics;
using FraiseQL.Execution;
using FraiseQL.Hosting;
using FraiseQL.Integration.Tests.Events.Support;
using FraiseQL.Integration.Tests.Infrastructure;

namespace FraiseQL.Integration.Tests.Events;

/// <summary>A consumer applying an event continues the trace of the request that published it.</summary>
[Collection(ServersCollection.Name)]
public sealed class EventTraceTests(ServersFixture servers)
{
    [Fact]
    public async Task The_handlers_span_is_a_child_of_the_publishing_requests_span()
    {
        var traceId = ActivityTraceId.CreateRandom();
        var requestSpan = ActivitySpanId.CreateRandom();
        var seen = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == FraiseQLTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> o) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                if (a.TraceId == traceId)
                {
                    seen.Enqueue(a);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        var prefix = Eventually.NewPrefix();
        var orderDb = await ExampleServiceDatabase.CreateAsync(servers.Postgres, "order-service");
        var notificationDb = await ExampleServiceDatabase.CreateAsync(servers.Postgres, "notification-service");
        await using var order = await EventServiceHost.StartAsync(OrderServiceSchema.Create(prefix), orderDb, servers.Nats.Url, o => o.EnableConsumers = false);
        await using var notification = await EventServiceHost.StartAsync(NotificationServiceSchema.Create(prefix), notificationDb, servers.Nats.Url);

        var context = new RequestContext { CorrelationId = "corr-trace", TraceParent = $"00-{traceId}-{requestSpan}-01" };
        await new OrderMutations(order).CreateOrderAsync(Guid.NewGuid(), ["SKU-0001"], context);
        await Eventually.CountReachesAsync(notificationDb, "SELECT count(*) FROM tb_notification", 1, "the event is applied");
        await Eventually.WaitUntilAsync(() => Task.FromResult(!seen.IsEmpty), "the consumer's span is recorded", timeoutSeconds: 10);

        var span = Assert.Single(seen, a => a.Kind == ActivityKind.Consumer);
        Assert.Equal($"process {prefix}.order.created", span.DisplayName);
        Assert.Equal(requestSpan, span.ParentSpanId);
        Assert.Equal("nats", span.GetTagItem("messaging.system"));
        Assert.Equal("process", span.GetTagItem("messaging.operation.type"));
    }
}
