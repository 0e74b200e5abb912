using System.Text;
using System.Text.Json;
using FraiseQL.Events;
using FraiseQL.Execution;
using FraiseQL.Integration.Tests.Events.Support;
using FraiseQL.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace FraiseQL.Integration.Tests.Events;

/// <summary>Seed Patterns 1 and 2 end to end: order mutation → outbox → relay → JetStream → consumers → SQL handlers.</summary>
[Collection(ServersCollection.Name)]
public sealed class PublishAndConsumeTests(ServersFixture servers)
{
    [Fact]
    public async Task Pattern1_OrderCreated_ReservesInventoryOnce()
    {
        var prefix = Eventually.NewPrefix();
        var orderDb = await ExampleServiceDatabase.CreateAsync(servers.Postgres, "order-service");
        var inventoryDb = await ExampleServiceDatabase.CreateAsync(servers.Postgres, "inventory-service");
        await using var order = await EventServiceHost.StartAsync(OrderServiceSchema.Create(prefix), orderDb, servers.Nats.Url, o => o.EnableConsumers = false);
        await using var inventory = await EventServiceHost.StartAsync(InventoryServiceSchema.Create(prefix), inventoryDb, servers.Nats.Url);

        var orderId = await new OrderMutations(order).CreateOrderAsync(Guid.NewGuid(), ["SKU-0001", "SKU-0002"]);

        await Eventually.CountReachesAsync(inventoryDb, "SELECT count(*) FROM tb_reservation", 2, "both SKUs reserved");
        Assert.Equal(2, await ExampleServiceDatabase.CountAsync(inventoryDb, $"SELECT count(*) FROM tb_reservation WHERE order_id = '{orderId}'"));
        Assert.Equal(1, await ExampleServiceDatabase.CountAsync(inventoryDb, "SELECT quantity_reserved FROM tb_inventory_item WHERE identifier = 'SKU-0001'"));
        Assert.Equal(99, await ExampleServiceDatabase.CountAsync(inventoryDb, "SELECT quantity_available FROM tb_inventory_item WHERE identifier = 'SKU-0002'"));
        Assert.Equal(1, await ExampleServiceDatabase.CountAsync(inventoryDb, "SELECT count(*) FROM fraiseql.inbox WHERE consumer = 'inventory-service-" + prefix + "_order_created'"));
        await Eventually.CountReachesAsync(orderDb, "SELECT count(*) FROM fraiseql.outbox WHERE sent_at IS NOT NULL", 1, "outbox row marked sent");
        Assert.Equal(0, await ExampleServiceDatabase.CountAsync(orderDb, "SELECT count(*) FROM fraiseql.outbox WHERE sent_at IS NULL"));
    }

    [Fact]
    public async Task Committed_Events_Are_Published_Directly_Without_Waiting_For_A_Claim()
    {
        var prefix = Eventually.NewPrefix();
        var orderDb = await ExampleServiceDatabase.CreateAsync(servers.Postgres, "order-service");
        // a poll far beyond the test's patience: only the direct path can publish in time
        await using var order = await EventServiceHost.StartAsync(OrderServiceSchema.Create(prefix), orderDb, servers.Nats.Url,
            o => { o.EnableConsumers = false; o.Outbox.PollIntervalMs = 600_000; });
        var relay = order.Services.GetRequiredService<OutboxRelay>();
        await Eventually.WaitUntilAsync(() => Task.FromResult(relay.PublishesCommittedDirectly), "the relay's first pass over the outbox");

        var mutations = new OrderMutations(order);
        for (var i = 0; i < 20; i++)
        {
            await mutations.CreateOrderAsync(Guid.NewGuid(), ["SKU-0001"]);
        }

        await Eventually.CountReachesAsync(orderDb, "SELECT count(*) FROM fraiseql.outbox WHERE sent_at IS NOT NULL", 20, "all 20 rows marked sent", timeoutSeconds: 20);
        // the relay counts a mark once its UPDATE has returned, so the rows can be seen sent a moment before the count
        await Eventually.WaitUntilAsync(() => Task.FromResult(relay.PublishedDirectlyCount >= 20), "the relay counted its direct publications");
        Assert.Equal(20, relay.PublishedDirectlyCount);
        await using var nats = new NatsConnection(NatsOpts.Default with { Url = servers.Nats.Url });
        var stream = await new NatsJSContext(nats).GetStreamAsync(EventStreamTopology.DefaultStreamName(prefix + ".order.created"));
        Assert.Equal(20, stream.Info.State.Messages); // each event stored once
    }

    [Fact]
    public async Task Published_Message_Carries_Payload_And_Envelope_Headers()
    {
        var prefix = Eventually.NewPrefix();
        var orderDb = await ExampleServiceDatabase.CreateAsync(servers.Postgres, "order-service");
        await using var order = await EventServiceHost.StartAsync(OrderServiceSchema.Create(prefix), orderDb, servers.Nats.Url, o => o.EnableConsumers = false);
        var context = new RequestContext
        {
            CorrelationId = "corr-headers-1",
            TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
            Principal = "user-42",
            Roles = ["admin", "sales"],
            TenantId = "tenant-7",
            AuditTags = new Dictionary<string, string> { ["Reason"] = "test" },
        };
        var orderId = await new OrderMutations(order).CreateOrderAsync(Guid.NewGuid(), ["SKU-0003"], context);
        await Eventually.CountReachesAsync(orderDb, "SELECT count(*) FROM fraiseql.outbox WHERE sent_at IS NOT NULL", 1, "outbox row marked sent");
        var eventId = await ExampleServiceDatabase.CountAsync(orderDb, "SELECT 1 FROM fraiseql.outbox") == 1
            ? (await ReadOutboxIdAsync(orderDb)) : Guid.Empty;

        await using var nats = new NatsConnection(NatsOpts.Default with { Url = servers.Nats.Url });
        var js = new NatsJSContext(nats);
        var consumer = await js.CreateOrUpdateConsumerAsync(EventStreamTopology.DefaultStreamName(prefix + ".order.created"),
            new ConsumerConfig("probe") { FilterSubject = prefix + ".order.created", AckPolicy = ConsumerConfigAckPolicy.Explicit });
        INatsJSMsg<byte[]>? received = null;
        await foreach (var msg in consumer.FetchAsync(new NatsJSFetchOpts { MaxMsgs = 1, Expires = TimeSpan.FromSeconds(5) }, NatsRawSerializer<byte[]>.Default))
        {
            received = msg;
        }
        Assert.NotNull(received);
        var h = received.Headers!;
        Assert.Equal(eventId.ToString(), h["Nats-Msg-Id"].ToString());
        Assert.Equal(eventId.ToString(), h["FraiseQL-Event-Id"].ToString());
        Assert.Equal(prefix + ".order.created", h["FraiseQL-Subject"].ToString());
        Assert.Equal("order-service", h["FraiseQL-Source"].ToString());
        Assert.Equal("createOrder", h["FraiseQL-Mutation"].ToString());
        Assert.Equal("Order", h["FraiseQL-Entity-Type"].ToString());
        Assert.Equal(orderId.ToString(), h["FraiseQL-Entity-Id"].ToString());
        Assert.Equal("CREATE", h["FraiseQL-Operation"].ToString());
        Assert.Equal(context.TraceParent, h["traceparent"].ToString());
        Assert.Equal("corr-headers-1", h["X-Correlation-Id"].ToString());
        Assert.Equal("user-42", h["FraiseQL-Principal"].ToString());
        Assert.Equal("admin,sales", h["FraiseQL-Roles"].ToString());
        Assert.Equal("tenant-7", h["FraiseQL-Tenant"].ToString());
        Assert.Equal("test", h["FraiseQL-Audit-Reason"].ToString());
        using var body = JsonDocument.Parse(received.Data!);
        Assert.Equal(orderId.ToString(), body.RootElement.GetProperty("id").GetString());
        Assert.Equal("SKU-0003", body.RootElement.GetProperty("metadata").GetProperty("item_ids")[0].GetString());
        Assert.Equal("SKU-0003", body.RootElement.GetProperty("items")[0].GetProperty("sku").GetString());
    }

    [Fact]
    public async Task Pattern2_FanOut_EveryServiceGetsEveryEventOnce()
    {
        var prefix = Eventually.NewPrefix();
        var orderDb = await ExampleServiceDatabase.CreateAsync(servers.Postgres, "order-service");
        var notificationDb = await ExampleServiceDatabase.CreateAsync(servers.Postgres, "notification-service");
        var analyticsDb = await ExampleServiceDatabase.CreateAsync(servers.Postgres, "analytics-service");
        await using var order = await EventServiceHost.StartAsync(OrderServiceSchema.Create(prefix), orderDb, servers.Nats.Url, o => o.EnableConsumers = false);
        await using var notification = await EventServiceHost.StartAsync(NotificationServiceSchema.Create(prefix), notificationDb, servers.Nats.Url);
        await using var analytics = await EventServiceHost.StartAsync(AnalyticsServiceSchema.Create(prefix), analyticsDb, servers.Nats.Url);
        var mutations = new OrderMutations(order);

        var ids = new List<Guid>();
        for (var i = 0; i < 20; i++)
        {
            ids.Add(await mutations.CreateOrderAsync(Guid.NewGuid(), ["SKU-0001"]));
        }
        await mutations.UpdateStatusAsync(ids[0], "CONFIRMED");
        await mutations.ShipAsync(ids[1]);

        await Eventually.CountReachesAsync(notificationDb, "SELECT count(*) FROM tb_notification", 21, "notifications: 20 confirmations + 1 shipping");
        await Eventually.CountReachesAsync(analyticsDb, "SELECT count(*) FROM tb_order_event", 21, "analytics: 20 created + 1 updated");
        await Task.Delay(500); // let any duplicate arrive before counting exactly
        Assert.Equal(21, await ExampleServiceDatabase.CountAsync(notificationDb, "SELECT count(*) FROM tb_notification"));
        Assert.Equal(20, await ExampleServiceDatabase.CountAsync(notificationDb, "SELECT count(DISTINCT order_id) FROM tb_notification WHERE kind = 'order_confirmation'"));
        Assert.Equal(1, await ExampleServiceDatabase.CountAsync(notificationDb, $"SELECT count(*) FROM tb_notification WHERE kind = 'shipping' AND order_id = '{ids[1]}'"));
        Assert.Equal(21, await ExampleServiceDatabase.CountAsync(analyticsDb, "SELECT count(*) FROM tb_order_event"));
        Assert.Equal(1, await ExampleServiceDatabase.CountAsync(analyticsDb, $"SELECT count(*) FROM tb_order_event WHERE order_id = '{ids[0]}' AND status = 'confirmed'"));
    }

    [Fact]
    public async Task Two_Relays_On_One_Outbox_Publish_Each_Event_Once()
    {
        var prefix = Eventually.NewPrefix();
        var orderDb = await ExampleServiceDatabase.CreateAsync(servers.Postgres, "order-service");
        // first instance only creates tables; events are written while no relay runs
        await using (await EventServiceHost.StartAsync(OrderServiceSchema.Create(prefix), orderDb, servers.Nats.Url, o => { o.EnableConsumers = false; o.EnableRelay = false; }))
        {
        }
        await using var writer = await EventServiceHost.StartAsync(OrderServiceSchema.Create(prefix), orderDb, servers.Nats.Url, o => { o.EnableConsumers = false; o.EnableRelay = false; });
        var mutations = new OrderMutations(writer);
        for (var i = 0; i < 300; i++)
        {
            await mutations.CreateOrderAsync(Guid.NewGuid(), ["SKU-0001"]);
        }
        await using var relayA = await EventServiceHost.StartAsync(OrderServiceSchema.Create(prefix), orderDb, servers.Nats.Url, o => { o.EnableConsumers = false; o.Outbox.BatchSize = 20; });
        await using var relayB = await EventServiceHost.StartAsync(OrderServiceSchema.Create(prefix), orderDb, servers.Nats.Url, o => { o.EnableConsumers = false; o.Outbox.BatchSize = 20; });

        await Eventually.CountReachesAsync(orderDb, "SELECT count(*) FROM fraiseql.outbox WHERE sent_at IS NOT NULL", 300, "all events relayed");
        // a relay counts a batch once its COMMIT has returned, so the rows can be seen sent a moment before the count
        var relays = new[] { relayA, relayB }.Select(r => r.Services.GetRequiredService<OutboxRelay>()).ToArray();
        await Eventually.WaitUntilAsync(() => Task.FromResult(relays.Sum(r => r.PublishedCount) >= 300), "both relays counted their batches");
        Assert.Equal(300, relays.Sum(r => r.PublishedCount)); // each event published by one relay only
        await using var nats = new NatsConnection(NatsOpts.Default with { Url = servers.Nats.Url });
        var stream = await new NatsJSContext(nats).GetStreamAsync(EventStreamTopology.DefaultStreamName(prefix + ".order.created"));
        Assert.Equal(300L, stream.Info.State.Messages);
    }

    [Fact]
    public async Task A_Row_Committed_Late_With_A_Smaller_Id_Is_Relayed_After_Pipelined_Batches_Passed_It()
    {
        var prefix = Eventually.NewPrefix();
        var subject = prefix + ".order.created";
        var orderDb = await ExampleServiceDatabase.CreateAsync(servers.Postgres, "order-service");
        // batches of 20: the claims after the first start past the batch in flight, so they never look at smaller ids
        await using var relayHost = await EventServiceHost.StartAsync(OrderServiceSchema.Create(prefix), orderDb, servers.Nats.Url,
            o => { o.EnableConsumers = false; o.Outbox.BatchSize = 20; o.Outbox.PollIntervalMs = 200; });

        // the late row takes its id first (the smallest) but commits only after the relay has claimed past it
        await using var late = new Npgsql.NpgsqlConnection(orderDb);
        await late.OpenAsync();
        await using var lateTx = await late.BeginTransactionAsync();
        await InsertOutboxRowsAsync(late, lateTx, subject, [EventIds.Next()]);
        await using (var other = new Npgsql.NpgsqlConnection(orderDb))
        {
            await other.OpenAsync();
            await InsertOutboxRowsAsync(other, null, subject, [.. Enumerable.Range(0, 100).Select(_ => EventIds.Next())]); // one commit: 5 full batches at once
        }
        await Eventually.CountReachesAsync(orderDb, "SELECT count(*) FROM fraiseql.outbox WHERE sent_at IS NOT NULL", 100, "the 100 committed rows relayed");

        await lateTx.CommitAsync();

        await Eventually.CountReachesAsync(orderDb, "SELECT count(*) FROM fraiseql.outbox WHERE sent_at IS NOT NULL", 101, "the late row relayed too");
        await using var nats = new NatsConnection(NatsOpts.Default with { Url = servers.Nats.Url });
        var stream = await new NatsJSContext(nats).GetStreamAsync(EventStreamTopology.DefaultStreamName(subject));
        Assert.Equal(101L, stream.Info.State.Messages);
    }

    private static async Task InsertOutboxRowsAsync(Npgsql.NpgsqlConnection connection, Npgsql.NpgsqlTransaction? tx, string subject, Guid[] ids)
    {
        await using var insert = new Npgsql.NpgsqlCommand(
            "INSERT INTO fraiseql.outbox (id, subject, payload, headers) SELECT i, $2, jsonb_build_object('n', n), '{}'::jsonb FROM unnest($1::uuid[]) WITH ORDINALITY AS u(i, n)",
            connection, tx);
        insert.Parameters.Add(new Npgsql.NpgsqlParameter<Guid[]> { TypedValue = ids });
        insert.Parameters.Add(new Npgsql.NpgsqlParameter<string> { TypedValue = subject });
        await insert.ExecuteNonQueryAsync();
    }

    private static async Task<Guid> ReadOutboxIdAsync(string connectionString)
    {
        await using var conn = new Npgsql.NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new Npgsql.NpgsqlCommand("SELECT id FROM fraiseql.outbox", conn);
        return (Guid)(await cmd.ExecuteScalarAsync())!;
    }
}
