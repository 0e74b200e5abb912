using FraiseQL.Events;
using FraiseQL.Integration.Tests.Events.Support;
using FraiseQL.Integration.Tests.Infrastructure;
using FraiseQL.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace FraiseQL.Integration.Tests.Events;

/// <summary>
/// The consuming service's PostgreSQL goes away while events arrive, for much longer than max_deliver attempts with
/// their back-off take. An unreachable database says nothing about the event: no event may be dead-lettered, none
/// may be stranded (JetStream stops redelivering a message at max_deliver, so one whose dead-letter row could not be
/// written either would never come back), and once PostgreSQL is back every event is applied exactly once. The
/// notification service's database is on a PostgreSQL server of its own, which the test stops and restarts.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class HandlerDatabaseOutageTests(ServersFixture servers)
{
    [Fact]
    public async Task Events_arriving_while_the_handlers_database_is_down_are_applied_once_when_it_is_back_and_none_is_dead_lettered()
    {
        const int events = 30;
        var prefix = Eventually.NewPrefix();
        await using var handlerPostgres = PostgresServer.Start();
        var orderDb = await ExampleServiceDatabase.CreateAsync(servers.Postgres, "order-service");
        var notificationDb = await ExampleServiceDatabase.CreateAsync(handlerPostgres, "notification-service");
        // the test's own reads do not reuse connections the restart killed
        var counts = notificationDb + ";Pooling=false";
        await using var order = await EventServiceHost.StartAsync(OrderServiceSchema.Create(prefix), orderDb, servers.Nats.Url, o => o.EnableConsumers = false);
        await using var notification = await EventServiceHost.StartAsync(NotificationServiceSchema.Create(prefix, maxDeliver: 3), notificationDb + ";Timeout=2",
            servers.Nats.Url, o =>
            {
                o.Consumer.BackoffMs = [50, 100];
                o.Consumer.AckWaitMs = 2_000;
            });
        var mutations = new OrderMutations(order);
        await mutations.CreateOrderAsync(Guid.NewGuid(), ["SKU-0001"]);
        await Eventually.CountReachesAsync(counts, "SELECT count(*) FROM tb_notification", 1, "the first event is applied");

        handlerPostgres.Stop();
        for (var i = 1; i < events; i++)
        {
            await mutations.CreateOrderAsync(Guid.NewGuid(), ["SKU-0001"]);
        }
        // many times the three attempts' back-off, and past ack_wait: every event has been delivered and failed by now
        await Task.Delay(TimeSpan.FromSeconds(6));
        var consumer = notification.Services.GetRequiredService<EventConsumerService>();
        Assert.True(consumer.DatabaseUnavailableRetryCount > 0, "the handler should have found PostgreSQL down and retried");
        Assert.Equal(0, consumer.FailedAttemptCount); // an unreachable database is not the event's failure
        handlerPostgres.Restart();

        await Eventually.CountReachesAsync(counts, "SELECT count(*) FROM tb_notification", events, "every event applied once PostgreSQL is back");
        await Task.Delay(2_500); // past ack_wait: anything redelivered once more is skipped by the inbox
        Assert.Equal(events, await ExampleServiceDatabase.CountAsync(counts, "SELECT count(*) FROM tb_notification"));
        Assert.Equal(events, await ExampleServiceDatabase.CountAsync(counts, "SELECT count(*) FROM fraiseql.inbox"));
        Assert.Equal(0, await ExampleServiceDatabase.CountAsync(counts, "SELECT count(*) FROM fraiseql.dead_letter"));
        Assert.Equal(0, consumer.DeadLetteredCount);
    }
}
