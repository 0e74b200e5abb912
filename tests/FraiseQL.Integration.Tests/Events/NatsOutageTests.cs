using FraiseQL.Integration.Tests.Events.Support;
using FraiseQL.Integration.Tests.Infrastructure;

namespace FraiseQL.Integration.Tests.Events;

/// <summary>nats-server is killed during 1,000 mutations and restarted: every event arrives, none is applied twice.</summary>
[Collection(ServersCollection.Name)]
public sealed class NatsOutageTests(ServersFixture servers)
{
    private const int Mutations = 1_000;

    [Fact]
    public async Task NatsDown_During_1000_Mutations_EveryEventDelivered_NoneAppliedTwice()
    {
        var prefix = Eventually.NewPrefix();
        var orderDb = await ExampleServiceDatabase.CreateAsync(servers.Postgres, "order-service");
        var notificationDb = await ExampleServiceDatabase.CreateAsync(servers.Postgres, "notification-service");
        await using var order = await EventServiceHost.StartAsync(OrderServiceSchema.Create(prefix), orderDb, servers.Nats.Url, o => o.EnableConsumers = false);
        await using var notification = await EventServiceHost.StartAsync(NotificationServiceSchema.Create(prefix), notificationDb, servers.Nats.Url);
        var mutations = new OrderMutations(order);
        var stopped = false;
        try
        {
            await RunMutationsAsync(mutations, 0, 300);
            servers.Nats.Stop();
            stopped = true;
            await RunMutationsAsync(mutations, 300, 800);
            // the relay meets the outage: publishes fail, rows stay unsent with the error recorded
            await Eventually.CountReachesAsync(orderDb, "SELECT count(*) FROM fraiseql.outbox WHERE sent_at IS NULL AND last_error IS NOT NULL", 1, "relay records the NATS failure");
            servers.Nats.Restart();
            stopped = false;
            await RunMutationsAsync(mutations, 800, Mutations);
        }
        finally
        {
            if (stopped)
            {
                servers.Nats.Restart();
            }
        }

        await Eventually.CountReachesAsync(orderDb, "SELECT count(*) FROM fraiseql.outbox WHERE sent_at IS NOT NULL", Mutations, "every event relayed", 60);
        await Eventually.CountReachesAsync(notificationDb, "SELECT count(*) FROM tb_notification", Mutations, "every event handled", 60);
        await Task.Delay(1_000); // give a duplicate the chance to show up
        Assert.Equal(Mutations, await ExampleServiceDatabase.CountAsync(notificationDb, "SELECT count(*) FROM tb_notification"));
        Assert.Equal(Mutations, await ExampleServiceDatabase.CountAsync(notificationDb, "SELECT count(DISTINCT order_id) FROM tb_notification"));
        Assert.Equal(Mutations, await ExampleServiceDatabase.CountAsync(orderDb, "SELECT count(*) FROM tb_order"));
        Assert.True(await ExampleServiceDatabase.CountAsync(orderDb, "SELECT count(*) FROM fraiseql.outbox WHERE attempts > 1") > 0, "some events needed a retry after the outage");
    }

    private static Task RunMutationsAsync(OrderMutations mutations, int from, int to) =>
        Parallel.ForAsync(from, to, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
            await mutations.CreateOrderAsync(Guid.NewGuid(), ["SKU-" + (1 + (i % 50)).ToString("0000", System.Globalization.CultureInfo.InvariantCulture)]));
}
