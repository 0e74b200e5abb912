using System.Text;
using FraiseQL.Events;
using FraiseQL.Execution;
using FraiseQL.Integration.Tests.Events.Support;
using FraiseQL.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace FraiseQL.Integration.Tests.Events;

/// <summary>
/// Events whose headers NATS could never take, or only as ASCII: an outbox row NATS refuses is dead-lettered instead of
/// holding back every event after it, and identity headers in any script arrive as they were sent.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class UnpublishableEventTests(ServersFixture servers)
{
    [Fact]
    public async Task An_event_NATS_refuses_is_dead_lettered_and_the_events_after_it_go_out_directly()
    {
        var prefix = Eventually.NewPrefix();
        var subject = prefix + ".order.created";
        var orderDb = await ExampleServiceDatabase.CreateAsync(servers.Postgres, "order-service");
        // a poll far beyond the test's patience: the rows after the bad one must not wait for it
        await using var order = await EventServiceHost.StartAsync(OrderServiceSchema.Create(prefix), orderDb, servers.Nats.Url,
            o => { o.EnableConsumers = false; o.Outbox.PollIntervalMs = 600_000; });
        var relay = order.Services.GetRequiredService<OutboxRelay>();
        await Eventually.WaitUntilAsync(() => Task.FromResult(relay.PublishesCommittedDirectly), "the relay's first pass over the outbox");
        var mutations = new OrderMutations(order);

        // an audit tag key with a space: a header name NATS.Net refuses to write, on every attempt
        var refused = new RequestContext { CorrelationId = "corr-refused", AuditTags = new Dictionary<string, string> { ["ticket id"] = "42" } };
        var refusedOrder = await mutations.CreateOrderAsync(Guid.NewGuid(), ["SKU-0001"], refused);
        for (var i = 0; i < 5; i++)
        {
            await mutations.CreateOrderAsync(Guid.NewGuid(), ["SKU-0002"]);
        }

        await Eventually.CountReachesAsync(orderDb, "SELECT count(*) FROM fraiseql.outbox WHERE sent_at IS NOT NULL", 5, "the five later events relayed", timeoutSeconds: 20);
        await Eventually.CountReachesAsync(orderDb, "SELECT count(*) FROM fraiseql.dead_letter WHERE consumer = 'outbox'", 1, "the refused event dead-lettered");
        Assert.Equal(0, await ExampleServiceDatabase.CountAsync(orderDb, "SELECT count(*) FROM fraiseql.outbox WHERE sent_at IS NULL"));
        await Eventually.WaitUntilAsync(() => Task.FromResult(relay.PublishesCommittedDirectly), "committed events published directly again");
        Assert.Equal(1, relay.DeadLetteredCount);

        var store = order.Services.GetRequiredService<DeadLetterStore>();
        var letter = Assert.Single(await store.ListAsync(includeReplayed: false, CancellationToken.None));
        Assert.Equal(OutboxRelay.DeadLetterConsumer, letter.Consumer);
        Assert.Equal(subject, letter.Subject);
        Assert.Equal(1, letter.Attempts);
        Assert.Equal("not published: header name \"FraiseQL-Audit-ticket id\" is not valid in NATS (printable ASCII without spaces or ':')", letter.Error);
        Assert.Contains(refusedOrder.ToString(), letter.Payload, StringComparison.Ordinal);
        Assert.Contains("corr-refused", letter.HeadersJson, StringComparison.Ordinal);

        await using var nats = new NatsConnection(NatsOpts.Default with { Url = servers.Nats.Url });
        var stream = await new NatsJSContext(nats).GetStreamAsync(EventStreamTopology.DefaultStreamName(subject));
        Assert.Equal(5L, stream.Info.State.Messages);

        // replaying it as stored cannot work either: the command says why and leaves it pending
        var output = new StringWriter();
        Assert.Equal(1, await DeadLetterCommands.RunAsync(["dead-letters", "replay", letter.Id.ToString()], order.Services, output));
        Assert.Contains("cannot be published as stored: header name \"FraiseQL-Audit-ticket id\"", output.ToString(), StringComparison.Ordinal);
        // corrected in its row, it goes out
        await ExampleServiceDatabase.ExecuteAsync(orderDb, $"UPDATE fraiseql.dead_letter SET headers = headers - 'FraiseQL-Audit-ticket id' WHERE id = '{letter.Id}'");
        Assert.Equal(0, await DeadLetterCommands.RunAsync(["dead-letters", "replay", letter.Id.ToString()], order.Services, new StringWriter()));
        stream = await new NatsJSContext(nats).GetStreamAsync(EventStreamTopology.DefaultStreamName(subject));
        Assert.Equal(6L, stream.Info.State.Messages);
    }

    [Fact]
    public async Task Identity_and_audit_headers_outside_ascii_arrive_as_sent()
    {
        var prefix = Eventually.NewPrefix();
        var subject = prefix + ".order.created";
        var orderDb = await ExampleServiceDatabase.CreateAsync(servers.Postgres, "order-service");
        await using var order = await EventServiceHost.StartAsync(OrderServiceSchema.Create(prefix), orderDb, servers.Nats.Url, o => o.EnableConsumers = false);
        var context = new RequestContext
        {
            CorrelationId = "corr-utf8",
            Principal = "jürgen@zürich.example",
            TenantId = "東京",
            AuditTags = new Dictionary<string, string> { ["Reason"] = "Prüfung — ok" },
        };
        await new OrderMutations(order).CreateOrderAsync(Guid.NewGuid(), ["SKU-0003"], context);
        await Eventually.CountReachesAsync(orderDb, "SELECT count(*) FROM fraiseql.outbox WHERE sent_at IS NOT NULL", 1, "outbox row marked sent");

        // read as bytes: what is on the wire is UTF-8, whatever a reader's default
        await using var nats = new NatsConnection(NatsOpts.Default with { Url = servers.Nats.Url, HeaderEncoding = Encoding.UTF8 });
        var consumer = await new NatsJSContext(nats).CreateOrUpdateConsumerAsync(EventStreamTopology.DefaultStreamName(subject),
            new ConsumerConfig("probe") { FilterSubject = subject, AckPolicy = ConsumerConfigAckPolicy.None });
        INatsJSMsg<byte[]>? received = null;
        await foreach (var msg in consumer.FetchAsync(new NatsJSFetchOpts { MaxMsgs = 1, Expires = TimeSpan.FromSeconds(5) }, NatsRawSerializer<byte[]>.Default))
        {
            received = msg;
        }
        Assert.NotNull(received);
        Assert.Equal("jürgen@zürich.example", received.Headers![EventHeaderNames.Principal].ToString());
        Assert.Equal("東京", received.Headers[EventHeaderNames.Tenant].ToString());
        Assert.Equal("Prüfung — ok", received.Headers[EventHeaderNames.AuditPrefix + "Reason"].ToString());
    }
}
