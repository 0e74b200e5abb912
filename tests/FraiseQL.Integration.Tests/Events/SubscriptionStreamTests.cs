using System.Text;
using System.Text.Json;
using FraiseQL.Events;
using FraiseQL.Execution;
using FraiseQL.Integration.Tests.Events.Support;
using FraiseQL.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using NATS.Client.Core;

namespace FraiseQL.Integration.Tests.Events;

/// <summary>Pattern 3: events published through one instance reach GraphQL subscriptions on another, filtered and projected.</summary>
[Collection(ServersCollection.Name)]
public sealed class SubscriptionStreamTests(ServersFixture servers)
{
    [Fact]
    public async Task Pattern3_SubscriptionOnOtherInstance_GetsFilteredProjectedEvents_AndCleansUp()
    {
        var prefix = Eventually.NewPrefix();
        var orderDb = await ExampleServiceDatabase.CreateAsync(servers.Postgres, "order-service");
        await using var instanceA = await EventServiceHost.StartAsync(OrderServiceSchema.Create(prefix), orderDb, servers.Nats.Url, o => { o.EnableConsumers = false; o.EnableRelay = false; });
        await using var instanceB = await EventServiceHost.StartAsync(OrderServiceSchema.Create(prefix), orderDb, servers.Nats.Url, o => o.EnableConsumers = false);
        var mutations = new OrderMutations(instanceB);
        var x = await mutations.CreateOrderAsync(Guid.NewGuid(), ["SKU-0001", "SKU-0002"]);
        var y = await mutations.CreateOrderAsync(Guid.NewGuid(), ["SKU-0003"]);

        var stream = instanceA.Services.GetRequiredService<NatsSubscriptionEventStream>();
        var subscription = instanceA.Service.FindSubscription("orderStatusChanged")!;
        var filtered = new FieldSelection
        {
            ResponseName = "orderStatusChanged",
            FieldName = "orderStatusChanged",
            Arguments = new Dictionary<string, object?> { ["orderId"] = x.ToString().ToUpperInvariant() },
            Selections =
            [
                Leaf("id"), Leaf("state", "status"), Leaf("__typename"), Leaf("userId"),
                new FieldSelection { ResponseName = "items", FieldName = "items", Selections = [Leaf("sku")] },
            ],
        };
        var unfiltered = new FieldSelection
        {
            ResponseName = "orderStatusChanged",
            FieldName = "orderStatusChanged",
            Arguments = new Dictionary<string, object?> { ["orderId"] = null },
            Selections = [Leaf("id"), Leaf("status")],
        };
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cts.Token);
        var filteredEvents = Collect(stream.SubscribeAsync(subscription, filtered, RequestContext.Anonymous("c1"), stop.Token), 2);
        var allEvents = Collect(stream.SubscribeAsync(subscription, unfiltered, RequestContext.Anonymous("c2"), stop.Token), 3);
        await Eventually.WaitUntilAsync(() => Task.FromResult(stream.ActiveSubscriptionCount == 2 && stream.ActiveSubjectCount == 1), "both clients subscribed on one NATS subscription");
        await instanceA.Services.GetRequiredService<INatsConnection>().PingAsync(); // SUB has reached the server

        await mutations.UpdateStatusAsync(x, "CONFIRMED");
        await mutations.UpdateStatusAsync(y, "CONFIRMED");
        await mutations.ShipAsync(x);

        var got = await filteredEvents.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(2, got.Count);
        using (var first = JsonDocument.Parse(got[0]))
        {
            var o = first.RootElement;
            Assert.Equal(["id", "state", "__typename", "userId", "items"], o.EnumerateObject().Select(p => p.Name).ToArray());
            Assert.Equal(x.ToString(), o.GetProperty("id").GetString());
            Assert.Equal("confirmed", o.GetProperty("state").GetString());
            Assert.Equal("Order", o.GetProperty("__typename").GetString());
            Assert.Equal("SKU-0001,SKU-0002", string.Join(',', o.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("sku").GetString())));
            Assert.Single(o.GetProperty("items")[0].EnumerateObject());
        }
        using (var second = JsonDocument.Parse(got[1]))
        {
            Assert.Equal("shipped", second.RootElement.GetProperty("state").GetString());
        }
        var all = await allEvents.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(
            [$"{{\"id\":\"{x}\",\"status\":\"confirmed\"}}", $"{{\"id\":\"{y}\",\"status\":\"confirmed\"}}", $"{{\"id\":\"{x}\",\"status\":\"shipped\"}}"],
            all.Select(b => Encoding.UTF8.GetString(b)).ToArray());

        await stop.CancelAsync();
        await Eventually.WaitUntilAsync(() => Task.FromResult(stream.ActiveSubscriptionCount == 0 && stream.ActiveSubjectCount == 0), "unsubscribe cleans up the NATS subscription");
    }

    [Fact]
    public async Task An_Event_Published_Twice_Reaches_Each_Subscriber_Once()
    {
        // core NATS delivers both copies of an event the relay published twice (JetStream stores one): the fan-out drops the second
        var prefix = Eventually.NewPrefix();
        var orderDb = await ExampleServiceDatabase.CreateAsync(servers.Postgres, "order-service");
        await using var instance = await EventServiceHost.StartAsync(OrderServiceSchema.Create(prefix), orderDb, servers.Nats.Url, o => { o.EnableConsumers = false; o.EnableRelay = false; });
        var stream = instance.Services.GetRequiredService<NatsSubscriptionEventStream>();
        var subscription = instance.Service.FindSubscription("orderStatusChanged")!;
        var field = new FieldSelection
        {
            ResponseName = "orderStatusChanged",
            FieldName = "orderStatusChanged",
            Arguments = new Dictionary<string, object?> { ["orderId"] = null },
            Selections = [Leaf("status")],
        };
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var received = Collect(stream.SubscribeAsync(subscription, field, RequestContext.Anonymous("c"), stop.Token), 2);
        await Eventually.WaitUntilAsync(() => Task.FromResult(stream.ActiveSubscriptionCount == 1), "subscribed");
        await instance.Services.GetRequiredService<INatsConnection>().PingAsync();

        await using var nats = new NatsConnection(NatsOpts.Default with { Url = servers.Nats.Url });
        async Task PublishAsync(string eventId, string status) =>
            await nats.PublishAsync(prefix + ".order.status_changed", Encoding.UTF8.GetBytes($"{{\"id\":\"{Guid.NewGuid()}\",\"status\":\"{status}\"}}"),
                headers: new NatsHeaders { [EventHeaderNames.EventId] = eventId });
        var first = EventIds.Next().ToString();
        await PublishAsync(first, "confirmed");
        await PublishAsync(first, "confirmed");
        await PublishAsync(EventIds.Next().ToString(), "shipped");
        await nats.PingAsync();

        var got = await received.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(["{\"status\":\"confirmed\"}", "{\"status\":\"shipped\"}"], got.Take(2).Select(b => Encoding.UTF8.GetString(b)).ToArray());
        await stop.CancelAsync();
    }

    [Fact]
    public async Task A_Subscriber_Gets_Only_Its_Own_Tenants_Events()
    {
        var prefix = Eventually.NewPrefix();
        var orderDb = await ExampleServiceDatabase.CreateAsync(servers.Postgres, "order-service");
        await using var instance = await EventServiceHost.StartAsync(OrderServiceSchema.Create(prefix), orderDb, servers.Nats.Url, o => { o.EnableConsumers = false; o.EnableRelay = false; });
        var stream = instance.Services.GetRequiredService<NatsSubscriptionEventStream>();
        var subscription = instance.Service.FindSubscription("orderStatusChanged")!;
        FieldSelection Unfiltered() => new()
        {
            ResponseName = "orderStatusChanged",
            FieldName = "orderStatusChanged",
            Arguments = new Dictionary<string, object?> { ["orderId"] = null }, // no filter of its own: every event it may see
            Selections = [Leaf("status")],
        };
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var tenantA = Collect(stream.SubscribeAsync(subscription, Unfiltered(), new RequestContext { CorrelationId = "a", Principal = "u-a", TenantId = "tenant-a" }, stop.Token), 2);
        var tenantB = Collect(stream.SubscribeAsync(subscription, Unfiltered(), new RequestContext { CorrelationId = "b", Principal = "u-b", TenantId = "tenant-b" }, stop.Token), 1);
        var noTenant = Collect(stream.SubscribeAsync(subscription, Unfiltered(), RequestContext.Anonymous("n"), stop.Token), 1);
        await Eventually.WaitUntilAsync(() => Task.FromResult(stream.ActiveSubscriptionCount == 3), "subscribed");
        await instance.Services.GetRequiredService<INatsConnection>().PingAsync();

        await using var nats = new NatsConnection(NatsOpts.Default with { Url = servers.Nats.Url });
        async Task PublishAsync(string? tenant, string status)
        {
            var headers = new NatsHeaders { [EventHeaderNames.EventId] = EventIds.Next().ToString() };
            if (tenant is not null)
            {
                headers[EventHeaderNames.Tenant] = tenant;
            }
            await nats.PublishAsync(prefix + ".order.status_changed", Encoding.UTF8.GetBytes($"{{\"id\":\"{Guid.NewGuid()}\",\"status\":\"{status}\"}}"), headers: headers);
        }
        await PublishAsync("tenant-a", "a1");
        await PublishAsync("tenant-b", "b1");
        await PublishAsync(null, "none1");
        await PublishAsync("tenant-a", "a2");
        await nats.PingAsync();

        Assert.Equal(["{\"status\":\"a1\"}", "{\"status\":\"a2\"}"], (await tenantA.WaitAsync(TimeSpan.FromSeconds(30))).Take(2).Select(b => Encoding.UTF8.GetString(b)).ToArray());
        Assert.Equal(["{\"status\":\"b1\"}"], (await tenantB.WaitAsync(TimeSpan.FromSeconds(30))).Take(1).Select(b => Encoding.UTF8.GetString(b)).ToArray());
        Assert.Equal(["{\"status\":\"none1\"}"], (await noTenant.WaitAsync(TimeSpan.FromSeconds(30))).Take(1).Select(b => Encoding.UTF8.GetString(b)).ToArray());
        await stop.CancelAsync();
        // nothing else arrived: each collector saw exactly its events when the subscriptions ended
        Assert.Equal(2, (await tenantA).Count);
        Assert.Single(await tenantB);
        Assert.Single(await noTenant);
    }

    [Fact]
    public async Task A_Subscriber_That_Falls_Too_Far_Behind_Is_Told_And_Its_Subscription_Ends()
    {
        var prefix = Eventually.NewPrefix();
        var orderDb = await ExampleServiceDatabase.CreateAsync(servers.Postgres, "order-service");
        await using var instance = await EventServiceHost.StartAsync(OrderServiceSchema.Create(prefix), orderDb, servers.Nats.Url, o => { o.EnableConsumers = false; o.EnableRelay = false; });
        var stream = instance.Services.GetRequiredService<NatsSubscriptionEventStream>();
        var subscription = instance.Service.FindSubscription("orderStatusChanged")!;
        var field = new FieldSelection
        {
            ResponseName = "orderStatusChanged",
            FieldName = "orderStatusChanged",
            Arguments = new Dictionary<string, object?> { ["orderId"] = null },
            Selections = [Leaf("status")],
        };
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var events = stream.SubscribeAsync(subscription, field, RequestContext.Anonymous("slow"), stop.Token).GetAsyncEnumerator(stop.Token);
        var first = events.MoveNextAsync().AsTask(); // subscribes, then waits for the first event
        await Eventually.WaitUntilAsync(() => Task.FromResult(stream.ActiveSubscriptionCount == 1), "subscribed");
        await instance.Services.GetRequiredService<INatsConnection>().PingAsync();

        await using var nats = new NatsConnection(NatsOpts.Default with { Url = servers.Nats.Url });
        async Task PublishAsync(int i) =>
            await nats.PublishAsync(prefix + ".order.status_changed", Encoding.UTF8.GetBytes($"{{\"id\":\"{Guid.NewGuid()}\",\"status\":\"s{i}\"}}"),
                headers: new NatsHeaders { [EventHeaderNames.EventId] = EventIds.Next().ToString() });
        await PublishAsync(0);
        Assert.True(await first);
        Assert.Equal("{\"status\":\"s0\"}", Encoding.UTF8.GetString(events.Current.Span)); // read; then the others pile up
        var total = NatsSubscriptionEventStream.ClientQueueCapacity + 50;
        for (var i = 1; i < total; i++)
        {
            await PublishAsync(i);
        }
        await nats.PingAsync();
        await instance.Services.GetRequiredService<INatsConnection>().PingAsync(); // every event has reached the fan-out
        await Task.Delay(500);

        var ex = await Assert.ThrowsAsync<GraphQLErrorException>(async () => await events.MoveNextAsync());
        Assert.Equal("EVENTS_DROPPED", ex.Error.Code);
        Assert.Contains("events behind", ex.Error.Message, StringComparison.Ordinal);
        await Eventually.WaitUntilAsync(() => Task.FromResult(stream.ActiveSubscriptionCount == 0 && stream.ActiveSubjectCount == 0), "the ended subscription is cleaned up");
    }

    private static FieldSelection Leaf(string responseName, string? fieldName = null) => new() { ResponseName = responseName, FieldName = fieldName ?? responseName };

    /// <summary>Reads <paramref name="count"/> events, then keeps the subscription open until cancelled.</summary>
    private static Task<List<byte[]>> Collect(IAsyncEnumerable<ReadOnlyMemory<byte>> events, int count)
    {
        var result = new List<byte[]>();
        var done = new TaskCompletionSource<List<byte[]>>(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = Task.Run(async () =>
        {
            try
            {
                await foreach (var e in events)
                {
                    result.Add(e.ToArray());
                    if (result.Count == count)
                    {
                        done.TrySetResult(result);
                    }
                }
                done.TrySetResult(result);
            }
            catch (Exception ex)
            {
                done.TrySetException(ex);
            }
        });
        return done.Task;
    }
}
