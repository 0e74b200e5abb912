using System.Collections.Concurrent;
using FraiseQL.Runtime.Security.Nats;
using FraiseQL.Testing;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace FraiseQL.Integration.Tests.Security;

/// <summary>
/// A real nats-server started with the authorization block generated from two services' fraiseql.toml: each service's
/// credentials can do exactly what its toml declares and get permission violations outside it.
/// </summary>
public sealed class NatsPermissionTests : IAsyncLifetime
{
    private const string OrderToml = """
        [project]
        name = "order-service"
        [[observers.publish]]
        mutation = "create_order"
        subject = "fraiseql.order.created"
        [[observers.publish]]
        mutation = "update_order_status"
        subject = "fraiseql.order.status_changed"
        subscription_topic = "order_status_changed"
        [[observers.request]]
        query = "stock_level"
        subject = "fraiseql.inventory.stock_level"
        """;

    private const string InventoryToml = """
        [project]
        name = "inventory-service"
        [[observers.subscribe]]
        subject = "fraiseql.order.created"
        handler = "fn_reserve_inventory"
        [[observers.respond]]
        subject = "fraiseql.inventory.stock_level"
        handler = "fn_stock_level"
        """;

    private NatsServer? _server;
    private readonly List<NatsConnection> _connections = [];
    private readonly string _seedFile = Path.Combine(Path.GetTempPath(), "fraiseql-nkey-" + Guid.NewGuid().ToString("N") + ".nk");

    private string AnalyticsToml => $"""
        [project]
        name = "analytics-service"
        [observers.credentials]
        nkey_seed_file = "{_seedFile}"
        [[observers.publish]]
        mutation = "record"
        subject = "fraiseql.analytics.recorded"
        """;

    public Task InitializeAsync()
    {
        using (var pair = NATS.NKeys.KeyPair.CreatePair(NATS.NKeys.PrefixByte.User))
        {
            File.WriteAllText(_seedFile, pair.GetSeed());
        }
        var services = new[] { OrderToml, InventoryToml, AnalyticsToml }.Select(t => NatsServiceProfileReader.FromToml(t, "fraiseql.toml", environment: null)).ToList();
        var config = NatsAuthorizationConfigGenerator.Generate(services, s => "pw-" + s.ServiceName);
        _server = NatsServer.Start(config);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }
        _server?.Dispose();
        File.Delete(_seedFile);
    }

    private sealed record Client(NatsConnection Connection, ConcurrentQueue<string> Errors);

    private async Task<Client> ConnectAsync(string service, string? password = null, NatsCredentialOptions? credentialOptions = null)
    {
        var credentials = credentialOptions ?? new NatsCredentialOptions { User = service, Password = password ?? "pw-" + service };
        var opts = NatsConnectionOptionsFactory.Create(_server!.Url, service, credentials) with { RequestTimeout = TimeSpan.FromSeconds(3), MaxReconnectRetry = 0 };
        var connection = new NatsConnection(opts);
        _connections.Add(connection);
        var errors = new ConcurrentQueue<string>();
        connection.ServerError += (_, args) =>
        {
            errors.Enqueue(args.Error);
            return ValueTask.CompletedTask;
        };
        await connection.ConnectAsync();
        return new Client(connection, errors);
    }

    /// <summary>Waits (bounded) until the server reported a permission violation mentioning <paramref name="subject"/>.</summary>
    private static async Task<string> ViolationAsync(Client client, string subject)
    {
        for (var i = 0; i < 100; i++)
        {
            await client.Connection.PingAsync();
            var match = client.Errors.FirstOrDefault(e => e.Contains("Permissions Violation", StringComparison.OrdinalIgnoreCase) && e.Contains(subject, StringComparison.Ordinal));
            if (match is not null)
            {
                return match;
            }
            await Task.Delay(50);
        }
        throw new Xunit.Sdk.XunitException($"no permission violation for '{subject}'; server errors: [{string.Join("; ", client.Errors)}]");
    }

    private static async Task CreateOrderStreamAsync(Client order)
    {
        var js = new NatsJSContext(order.Connection);
        await js.CreateStreamAsync(new StreamConfig("FRAISEQL_ORDER", ["fraiseql.order.>"]));
    }

    [Fact]
    public async Task Publisher_publishes_its_events_and_subscriber_consumes_them_through_its_own_consumer()
    {
        var order = await ConnectAsync("order-service");
        var inventory = await ConnectAsync("inventory-service");
        await CreateOrderStreamAsync(order);

        var ack = await new NatsJSContext(order.Connection).PublishAsync("fraiseql.order.created", "{\"id\":\"o-1\"}", headers: new NatsHeaders { ["Nats-Msg-Id"] = "evt-1" });
        ack.EnsureSuccess();

        var js = new NatsJSContext(inventory.Connection);
        var consumer = await js.CreateOrUpdateConsumerAsync("FRAISEQL_ORDER", new ConsumerConfig(NatsSubjects.ConsumerName("inventory-service", "fraiseql.order.created"))
        {
            FilterSubject = "fraiseql.order.created",
            AckPolicy = ConsumerConfigAckPolicy.Explicit,
        });
        var received = new List<string>();
        await foreach (var msg in consumer.FetchAsync<string>(new NatsJSFetchOpts { MaxMsgs = 1, Expires = TimeSpan.FromSeconds(5) }))
        {
            received.Add(msg.Data!);
            await msg.AckAsync();
        }
        Assert.Equal(["{\"id\":\"o-1\"}"], received);
        Assert.Empty(order.Errors);
        Assert.Empty(inventory.Errors);
    }

    [Fact]
    public async Task Service_cannot_publish_outside_its_subjects()
    {
        var order = await ConnectAsync("order-service");
        await order.Connection.PublishAsync("fraiseql.inventory.restocked", "x");
        Assert.Contains("Publish", await ViolationAsync(order, "fraiseql.inventory.restocked"), StringComparison.Ordinal);

        var inventory = await ConnectAsync("inventory-service");
        await inventory.Connection.PublishAsync("fraiseql.order.created", "forged");
        await ViolationAsync(inventory, "fraiseql.order.created");
    }

    [Fact]
    public async Task Service_cannot_subscribe_outside_its_subjects_or_read_another_inbox()
    {
        var order = await ConnectAsync("order-service");
        await using (var sub = await order.Connection.SubscribeCoreAsync<string>("fraiseql.order.created"))
        {
            Assert.Contains("Subscription", await ViolationAsync(order, "fraiseql.order.created"), StringComparison.Ordinal);
        }
        await using (var snoop = await order.Connection.SubscribeCoreAsync<string>("_INBOX_inventory_service.>"))
        {
            await ViolationAsync(order, "_INBOX_inventory_service.>");
        }
        await using var allowed = await order.Connection.SubscribeCoreAsync<string>("fraiseql.order.status_changed");
        await order.Connection.PingAsync();
        Assert.DoesNotContain(order.Errors, e => e.Contains("status_changed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Service_cannot_create_or_read_another_service_consumer()
    {
        var order = await ConnectAsync("order-service");
        await CreateOrderStreamAsync(order);
        var inventory = await ConnectAsync("inventory-service");
        var js = new NatsJSContext(inventory.Connection);
        var stolen = NatsSubjects.ConsumerName("notification-service", "fraiseql.order.created");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await Assert.ThrowsAnyAsync<Exception>(async () =>
            await js.CreateOrUpdateConsumerAsync("FRAISEQL_ORDER", new ConsumerConfig(stolen) { FilterSubject = "fraiseql.order.created" }, timeout.Token));
        await ViolationAsync(inventory, "$JS.API.CONSUMER.CREATE.FRAISEQL_ORDER." + stolen);

        // and cannot delete the stream it consumes from
        using var timeout2 = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await Assert.ThrowsAnyAsync<Exception>(async () => await js.DeleteStreamAsync("FRAISEQL_ORDER", timeout2.Token));
        await ViolationAsync(inventory, "$JS.API.STREAM.DELETE.FRAISEQL_ORDER");
    }

    [Fact]
    public async Task Request_reply_works_between_requester_and_responder_only()
    {
        var order = await ConnectAsync("order-service");
        var inventory = await ConnectAsync("inventory-service");
        await using var responder = await inventory.Connection.SubscribeCoreAsync<string>("fraiseql.inventory.stock_level");
        var answering = Task.Run(async () =>
        {
            await foreach (var request in responder.Msgs.ReadAllAsync())
            {
                await request.ReplyAsync("{\"sku\":\"" + request.Data + "\",\"available\":7}");
                return;
            }
        });
        await inventory.Connection.PingAsync();
        var reply = await order.Connection.RequestAsync<string, string>("fraiseql.inventory.stock_level", "SKU-1");
        Assert.Equal("{\"sku\":\"SKU-1\",\"available\":7}", reply.Data);
        await answering;

        // the responder may not send requests of its own to that subject
        await inventory.Connection.PublishAsync("fraiseql.inventory.stock_level", "x");
        await ViolationAsync(inventory, "fraiseql.inventory.stock_level");
    }

    [Fact]
    public async Task Wrong_password_cannot_connect()
    {
        var ex = await Assert.ThrowsAnyAsync<Exception>(() => ConnectAsync("order-service", "wrong"));
        Assert.Contains("Authorization", ex.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Nkey_service_authenticates_with_its_seed_file_and_is_confined_too()
    {
        var credentials = NatsServiceProfileReader.FromToml(AnalyticsToml, "fraiseql.toml", environment: null).Credentials;
        var analytics = await ConnectAsync("analytics-service", credentialOptions: credentials);
        await analytics.Connection.PublishAsync("fraiseql.analytics.recorded", "{}");
        await analytics.Connection.PublishAsync("fraiseql.order.created", "forged");
        await ViolationAsync(analytics, "fraiseql.order.created");
        Assert.DoesNotContain(analytics.Errors, e => e.Contains("fraiseql.analytics.recorded", StringComparison.Ordinal));
    }
}
