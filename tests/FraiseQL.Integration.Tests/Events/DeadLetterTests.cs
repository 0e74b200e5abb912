using FraiseQL.Events;
using FraiseQL.Execution;
using FraiseQL.Integration.Tests.Events.Support;
using FraiseQL.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Npgsql;

namespace FraiseQL.Integration.Tests.Events;

/// <summary>A poison event: max_deliver attempts, then the dead-letter table and subject, while later events still flow; then replay.</summary>
[Collection(ServersCollection.Name)]
public sealed class DeadLetterTests(ServersFixture servers)
{
    [Fact]
    public async Task PoisonEvent_IsDeadLettered_AfterMaxDeliver_LaterEventsFlow_AndReplayWorks()
    {
        var prefix = Eventually.NewPrefix();
        var orderDb = await ExampleServiceDatabase.CreateAsync(servers.Postgres, "order-service");
        var notificationDb = await ExampleServiceDatabase.CreateAsync(servers.Postgres, "notification-service");
        await using var order = await EventServiceHost.StartAsync(OrderServiceSchema.Create(prefix), orderDb, servers.Nats.Url, o => o.EnableConsumers = false);
        await using var notification = await EventServiceHost.StartAsync(NotificationServiceSchema.Create(prefix, maxDeliver: 3), notificationDb, servers.Nats.Url,
            o => o.Consumer.BackoffMs = [50, 100]);

        var poisonEventId = await WritePoisonEventAsync(order, prefix);
        var mutations = new OrderMutations(order);
        for (var i = 0; i < 3; i++)
        {
            await mutations.CreateOrderAsync(Guid.NewGuid(), ["SKU-0001"]);
        }

        await Eventually.CountReachesAsync(notificationDb, "SELECT count(*) FROM fraiseql.dead_letter", 1, "the poison event is dead-lettered");
        await Eventually.CountReachesAsync(notificationDb, "SELECT count(*) FROM tb_notification", 3, "later events still flow");
        var consumer = "notification-service-" + prefix + "_order_created";
        // terminated, not left waiting for its ack: otherwise JetStream redelivers it after ack_wait and it is dead-lettered again
        await using (var nats = new NatsConnection(NatsOpts.Default with { Url = servers.Nats.Url }))
        {
            var js = new NatsJSContext(nats);
            var stream = EventStreamTopology.DefaultStreamName(prefix + ".order.created");
            await Eventually.WaitUntilAsync(async () => (await js.GetConsumerAsync(stream, consumer)).Info.NumAckPending == 0,
                "no event of the consumer waiting for an ack", timeoutSeconds: 10);
        }
        var letters = await notification.Services.GetRequiredService<DeadLetterStore>().ListAsync(includeReplayed: false, CancellationToken.None);
        var letter = Assert.Single(letters);
        Assert.Equal(consumer, letter.Consumer);
        Assert.Equal(prefix + ".order.created", letter.Subject);
        Assert.Equal(poisonEventId, letter.EventId);
        Assert.Equal(3, letter.Attempts);
        Assert.Contains("invalid input syntax for type uuid", letter.Error, StringComparison.Ordinal);
        Assert.Contains("POISON", letter.Payload, StringComparison.Ordinal);
        Assert.Equal(3, notification.Services.GetRequiredService<EventConsumerService>().FailedAttemptCount);

        // published on the dead-letter subject too: after the row (the row is authoritative), so wait for it there
        await using (var nats = new NatsConnection(NatsOpts.Default with { Url = servers.Nats.Url }))
        {
            var js = new NatsJSContext(nats);
            var dlqSubject = "fraiseql.dlq.notification-service." + prefix + ".order.created";
            var dlqStream = EventStreamTopology.DefaultStreamName(dlqSubject);
            await Eventually.WaitUntilAsync(async () =>
            {
                try
                {
                    var stream = await js.GetStreamAsync(dlqStream, new StreamInfoRequest { SubjectsFilter = dlqSubject });
                    return stream.Info.State.Subjects is { } subjects && subjects.TryGetValue(dlqSubject, out var count) && count >= 1;
                }
                catch (NatsJSApiException e) when (e.Error.Code == 404)
                {
                    return false; // the stream is created with the first dead letter's publish
                }
            }, "the dead letter is published on " + dlqSubject);
            var probe = await js.CreateOrUpdateConsumerAsync(dlqStream,
                new ConsumerConfig("probe-" + prefix) { FilterSubject = dlqSubject, AckPolicy = ConsumerConfigAckPolicy.None });
            var received = new List<INatsJSMsg<byte[]>>();
            await foreach (var msg in probe.FetchAsync(new NatsJSFetchOpts { MaxMsgs = 1, Expires = TimeSpan.FromSeconds(5) }, NatsRawSerializer<byte[]>.Default))
            {
                received.Add(msg);
            }
            var dlq = Assert.Single(received);
            Assert.Equal(poisonEventId.ToString(), dlq.Headers!["FraiseQL-Event-Id"].ToString());
            Assert.Contains("uuid", dlq.Headers["FraiseQL-Error"].ToString(), StringComparison.Ordinal);
        }

        // the documented command lists it
        var listing = new StringWriter();
        Assert.Equal(0, await DeadLetterCommands.RunAsync(["dead-letters", "list"], notification.Services, listing));
        Assert.Contains(letter.Id.ToString(), listing.ToString(), StringComparison.Ordinal);
        Assert.Contains("1 dead letter(s)", listing.ToString(), StringComparison.Ordinal);

        // fix the handler, replay: the event is applied once
        await ExampleServiceDatabase.ExecuteAsync(notificationDb, """
            CREATE OR REPLACE FUNCTION fn_queue_order_confirmation_email(p_event JSONB) RETURNS VOID AS $$
                INSERT INTO tb_notification (order_id, kind, body)
                VALUES (CASE WHEN p_event->>'id' ~ '^[0-9a-f-]{36}$' THEN (p_event->>'id')::uuid ELSE '00000000-0000-0000-0000-000000000000' END,
                        'order_confirmation', 'Order ' || (p_event->>'identifier'));
            $$ LANGUAGE sql;
            """);
        var replayOutput = new StringWriter();
        Assert.Equal(0, await DeadLetterCommands.RunAsync(["dead-letters", "replay", letter.Id.ToString()], notification.Services, replayOutput));
        await Eventually.CountReachesAsync(notificationDb, "SELECT count(*) FROM tb_notification WHERE body = 'Order POISON'", 1, "the replayed event is applied");
        Assert.Equal(1, await ExampleServiceDatabase.CountAsync(notificationDb, "SELECT count(*) FROM fraiseql.dead_letter WHERE replayed_at IS NOT NULL"));
        Assert.Equal(1, await DeadLetterCommands.RunAsync(["dead-letters", "replay", letter.Id.ToString()], notification.Services, new StringWriter()));
        Assert.Equal(2, await DeadLetterCommands.RunAsync(["dead-letters", "frobnicate"], notification.Services, new StringWriter()));
        await Task.Delay(300);
        Assert.Equal(4, await ExampleServiceDatabase.CountAsync(notificationDb, "SELECT count(*) FROM tb_notification"));
    }

    [Fact]
    public async Task A_replayed_event_from_another_publisher_keeps_the_id_consumers_gave_it()
    {
        var prefix = Eventually.NewPrefix();
        var subject = prefix + ".order.created";
        var notificationDb = await ExampleServiceDatabase.CreateAsync(servers.Postgres, "notification-service");
        await using var notification = await EventServiceHost.StartAsync(NotificationServiceSchema.Create(prefix, maxDeliver: 2), notificationDb, servers.Nats.Url,
            o => o.Consumer.BackoffMs = [50]);
        // published by something other than FraiseQL: no FraiseQL-Event-Id, no Nats-Msg-Id; consumers derive its id from
        // its stream position, and every subscriber derives the same one
        await notification.Services.GetRequiredService<EventStreamTopology>().EnsureStreamAsync(subject, CancellationToken.None);
        await using (var nats = new NatsConnection(NatsOpts.Default with { Url = servers.Nats.Url }))
        {
            var ack = await new NatsJSContext(nats).PublishAsync(subject, """{"id": "not-a-uuid", "identifier": "FOREIGN"}"""u8.ToArray(), NatsRawSerializer<byte[]>.Default);
            ack.EnsureSuccess();
        }
        await Eventually.CountReachesAsync(notificationDb, "SELECT count(*) FROM fraiseql.dead_letter", 1, "the foreign event is dead-lettered");
        var letter = Assert.Single(await notification.Services.GetRequiredService<DeadLetterStore>().ListAsync(includeReplayed: false, CancellationToken.None));
        Assert.NotNull(letter.EventId);

        await ExampleServiceDatabase.ExecuteAsync(notificationDb, """
            CREATE OR REPLACE FUNCTION fn_queue_order_confirmation_email(p_event JSONB) RETURNS VOID AS $$
                INSERT INTO tb_notification (order_id, kind, body)
                VALUES ('00000000-0000-0000-0000-000000000000', 'order_confirmation', 'Order ' || (p_event->>'identifier'));
            $$ LANGUAGE sql;
            """);
        Assert.Equal(0, await DeadLetterCommands.RunAsync(["dead-letters", "replay", letter.Id.ToString()], notification.Services, new StringWriter()));

        await Eventually.CountReachesAsync(notificationDb, "SELECT count(*) FROM tb_notification WHERE body = 'Order FOREIGN'", 1, "the replayed event is applied");
        // applied under the id the original was given (a service that applied the original skips the replay), not a new one
        Assert.Equal(1, await ExampleServiceDatabase.CountAsync(notificationDb, $"SELECT count(*) FROM fraiseql.inbox WHERE event_id = '{letter.EventId}'"));
    }

    [Fact]
    public async Task An_event_dead_lettered_again_while_pending_is_recorded_once()
    {
        var prefix = Eventually.NewPrefix();
        var notificationDb = await ExampleServiceDatabase.CreateAsync(servers.Postgres, "notification-service");
        await using var notification = await EventServiceHost.StartAsync(NotificationServiceSchema.Create(prefix), notificationDb, servers.Nats.Url, o => o.EnableConsumers = false);
        var store = notification.Services.GetRequiredService<DeadLetterStore>();
        var eventId = Guid.CreateVersion7();

        // the message comes back after its TERM was lost, or after an INSERT whose outcome was unknown
        var first = await store.RecordAsync("c", prefix + ".order.created", eventId, "{}"u8.ToArray(), [], "boom", 3, CancellationToken.None);
        var second = await store.RecordAsync("c", prefix + ".order.created", eventId, "{}"u8.ToArray(), [], "boom", 4, CancellationToken.None);
        var otherConsumer = await store.RecordAsync("d", prefix + ".order.created", eventId, "{}"u8.ToArray(), [], "boom", 3, CancellationToken.None);

        Assert.Equal(first, second);
        Assert.NotEqual(first, otherConsumer);
        Assert.Equal(2, await ExampleServiceDatabase.CountAsync(notificationDb, "SELECT count(*) FROM fraiseql.dead_letter"));
    }

    private static async Task<Guid> WritePoisonEventAsync(EventServiceHost order, string prefix)
    {
        var mutation = order.Service.FindMutation("createOrder")!;
        var sink = order.Services.GetRequiredService<IMutationEventSink>();
        await using var conn = await order.DataSource.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await sink.WriteAsync(conn, tx, new MutationEvent
        {
            Publish = mutation.Publishes.Single(p => p.Subject == prefix + ".order.created"),
            Mutation = mutation,
            EntityJson = """{"id": "not-a-uuid", "identifier": "POISON", "total": 1}""",
            Context = RequestContext.Anonymous("corr-poison"),
        }, CancellationToken.None);
        await tx.CommitAsync();
        await using var cmd = new NpgsqlCommand("SELECT id FROM fraiseql.outbox", conn);
        return (Guid)(await cmd.ExecuteScalarAsync())!;
    }
}
