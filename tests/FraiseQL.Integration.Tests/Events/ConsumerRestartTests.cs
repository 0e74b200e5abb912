using FraiseQL.Events;
using FraiseQL.Integration.Tests.Events.Support;
using FraiseQL.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace FraiseQL.Integration.Tests.Events;

/// <summary>Consuming services killed mid-stream, and two instances sharing one durable consumer.</summary>
[Collection(ServersCollection.Name)]
public sealed class ConsumerRestartTests(ServersFixture servers)
{
    [Fact]
    public async Task ConsumerKilledMidStream_AndRestarted_ProcessesEveryEventOnce()
    {
        const int events = 400;
        var prefix = Eventually.NewPrefix();
        var orderDb = await ExampleServiceDatabase.CreateAsync(servers.Postgres, "order-service");
        var notificationDb = await ExampleServiceDatabase.CreateAsync(servers.Postgres, "notification-service");
        await using var order = await EventServiceHost.StartAsync(OrderServiceSchema.Create(prefix), orderDb, servers.Nats.Url, o => o.EnableConsumers = false);
        var mutations = new OrderMutations(order);
        for (var i = 0; i < events; i++)
        {
            await mutations.CreateOrderAsync(Guid.NewGuid(), ["SKU-0001"]);
        }
        await Eventually.CountReachesAsync(orderDb, "SELECT count(*) FROM fraiseql.outbox WHERE sent_at IS NOT NULL", events, "events relayed");

        // every handler call takes ≥ 10 ms and the first instance applies one event at a time, so 400 events take ≥ 4 s
        // and the kill below lands mid-stream however fast the machine is
        await ExampleServiceDatabase.ExecuteAsync(notificationDb, """
            CREATE FUNCTION test_slow_handler() RETURNS trigger AS $$ BEGIN PERFORM pg_sleep(0.01); RETURN NEW; END $$ LANGUAGE plpgsql;
            CREATE TRIGGER test_slow_handler BEFORE INSERT ON tb_notification FOR EACH ROW EXECUTE FUNCTION test_slow_handler();
            """);
        var first = await EventServiceHost.StartAsync(NotificationServiceSchema.Create(prefix), notificationDb, servers.Nats.Url, o =>
        {
            o.Consumer.AckWaitMs = 2_000;
            o.Consumer.MaxConcurrentHandlers = 1;
            o.Consumer.MaxEventsPerTransaction = 1;
        });
        await Eventually.CountReachesAsync(notificationDb, "SELECT count(*) FROM tb_notification", 50, "the first instance is mid-stream");
        await first.KillAsync();
        var processedByFirst = await ExampleServiceDatabase.CountAsync(notificationDb, "SELECT count(*) FROM tb_notification");
        await first.DisposeAsync();
        Assert.True(processedByFirst < events, $"the first instance should have been killed mid-stream (it processed {processedByFirst})");

        await using var second = await EventServiceHost.StartAsync(NotificationServiceSchema.Create(prefix), notificationDb, servers.Nats.Url, o => o.Consumer.AckWaitMs = 2_000);
        await Eventually.CountReachesAsync(notificationDb, "SELECT count(*) FROM tb_notification", events, "the restarted instance finishes the stream");
        await Task.Delay(2_500); // past ack_wait: unacked messages of the killed instance are redelivered by now
        Assert.Equal(events, await ExampleServiceDatabase.CountAsync(notificationDb, "SELECT count(*) FROM tb_notification"));
        Assert.Equal(events, await ExampleServiceDatabase.CountAsync(notificationDb, "SELECT count(DISTINCT order_id) FROM tb_notification"));
        Assert.Equal(events, await ExampleServiceDatabase.CountAsync(notificationDb, "SELECT count(*) FROM fraiseql.inbox"));
    }

    [Fact]
    public async Task TwoInstances_ShareOneConsumer_WithoutDoubleProcessing()
    {
        const int events = 500;
        var prefix = Eventually.NewPrefix();
        var orderDb = await ExampleServiceDatabase.CreateAsync(servers.Postgres, "order-service");
        var notificationDb = await ExampleServiceDatabase.CreateAsync(servers.Postgres, "notification-service");
        await using var order = await EventServiceHost.StartAsync(OrderServiceSchema.Create(prefix), orderDb, servers.Nats.Url, o => o.EnableConsumers = false);
        await using var a = await EventServiceHost.StartAsync(NotificationServiceSchema.Create(prefix), notificationDb, servers.Nats.Url, o => o.Consumer.FetchBatchSize = 5);
        await using var b = await EventServiceHost.StartAsync(NotificationServiceSchema.Create(prefix), notificationDb, servers.Nats.Url, o => o.Consumer.FetchBatchSize = 5);
        var mutations = new OrderMutations(order);
        for (var i = 0; i < events; i++)
        {
            await mutations.CreateOrderAsync(Guid.NewGuid(), ["SKU-0002"]);
        }

        await Eventually.CountReachesAsync(notificationDb, "SELECT count(*) FROM tb_notification", events, "both instances drain the consumer");
        await Task.Delay(500);
        Assert.Equal(events, await ExampleServiceDatabase.CountAsync(notificationDb, "SELECT count(*) FROM tb_notification"));
        var appliedA = a.Services.GetRequiredService<EventConsumerService>().AppliedCount;
        var appliedB = b.Services.GetRequiredService<EventConsumerService>().AppliedCount;
        var duplicates = a.Services.GetRequiredService<EventConsumerService>().DuplicateCount + b.Services.GetRequiredService<EventConsumerService>().DuplicateCount;
        Assert.Equal(events, appliedA + appliedB);
        Assert.Equal(0, duplicates); // no event was even delivered to both
        Assert.True(appliedA > 0 && appliedB > 0, $"work is split between instances (a={appliedA}, b={appliedB})");
    }
}
