// Events benchmark (not a test): mutation → handler-committed latency at a fixed rate, and outbox relay
// throughput next to raw JetStream publish throughput, on the same throwaway PostgreSQL and nats-server.
// Run: dotnet run -c Release --project tests/FraiseQL.Benchmarks.Events [-- --rate 500 --seconds 10 --relay-events 20000 --handlers 32]
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using FraiseQL.Benchmarks.Events;
using FraiseQL.Events;
using FraiseQL.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Npgsql;

var rate = Arg("--rate", 500);
var seconds = Arg("--seconds", 10);
var relayEvents = Arg("--relay-events", 20_000);
var handlers = Arg("--handlers", 32);

using var postgres = PostgresServer.Start();
using var nats = NatsServer.Start();
Console.WriteLine($"PostgreSQL 15 on :{postgres.Port}, nats-server -js on :{nats.Port}; {Environment.ProcessorCount} cores");

// ---- 1. latency: mutation commit → handler commit, at a fixed rate ----
var orderDb = await BenchmarkServices.CreateDatabaseAsync(postgres, "order-service");
var notificationDb = await BenchmarkServices.CreateDatabaseAsync(postgres, "notification-service");
await postgres.ExecuteScriptAsync(new NpgsqlConnectionStringBuilder(notificationDb).Database!, """
    CREATE FUNCTION bench_notify() RETURNS trigger AS $$ BEGIN PERFORM pg_notify('bench_applied', NEW.order_id::text); RETURN NEW; END $$ LANGUAGE plpgsql;
    CREATE TRIGGER bench_applied AFTER INSERT ON tb_notification FOR EACH ROW EXECUTE FUNCTION bench_notify();
    """);
var order = await BenchmarkServices.StartAsync(BenchmarkServices.Order, orderDb, nats.Url, o => o.EnableConsumers = false);
var notification = await BenchmarkServices.StartAsync(BenchmarkServices.Notification, notificationDb, nats.Url, o => { o.EnableRelay = false; o.Consumer.MaxConcurrentHandlers = handlers; });

var committedAt = new ConcurrentDictionary<Guid, long>();
var appliedAt = new ConcurrentDictionary<Guid, long>();
var total = rate * seconds;
var applied = 0;
var allApplied = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
await using var listen = new NpgsqlConnection(notificationDb);
await listen.OpenAsync();
listen.Notification += (_, e) =>
{
    // only the arrival time is taken here: the latency is computed after the run, so the listener never waits
    // for the mutation side's bookkeeping (the handler may commit before the driver has recorded the mutation's commit)
    appliedAt.TryAdd(Guid.Parse(e.Payload), Stopwatch.GetTimestamp());
    if (Interlocked.Increment(ref applied) == total)
    {
        allApplied.TrySetResult();
    }
};
await using (var l = new NpgsqlCommand("LISTEN bench_applied", listen))
{
    await l.ExecuteNonQueryAsync();
}
using var stopListening = new CancellationTokenSource();
var listenLoop = Task.Run(async () =>
{
    try
    {
        while (true)
        {
            await listen.WaitAsync(stopListening.Token);
        }
    }
    catch (OperationCanceledException)
    {
    }
});

var dataSource = order.Services.GetRequiredService<NpgsqlDataSource>();
var sink = order.Services.GetRequiredService<IMutationEventSink>();
// warm-up (streams, consumers, pools, JIT)
for (var i = 0; i < 50; i++)
{
    await BenchmarkServices.CreateOrderAsync(dataSource, sink);
}
while (Volatile.Read(ref applied) < 50)
{
    await Task.Delay(10);
}
appliedAt.Clear();
committedAt.Clear();
Interlocked.Exchange(ref applied, 0);

Console.WriteLine($"latency run: {total} mutations at {rate}/s ...");
var interval = TimeSpan.FromSeconds(1.0 / rate);
var inflight = new List<Task>(total);
var clock = Stopwatch.StartNew();
using var gate = new SemaphoreSlim(64);
for (var i = 0; i < total; i++)
{
    var due = interval * i;
    var wait = due - clock.Elapsed;
    if (wait > TimeSpan.FromMilliseconds(1))
    {
        await Task.Delay(wait);
    }
    await gate.WaitAsync();
    inflight.Add(Task.Run(async () =>
    {
        try
        {
            // the mutation's commit time is taken right after COMMIT returns
            var id = await BenchmarkServices.CreateOrderAsync(dataSource, sink);
            committedAt[id] = Stopwatch.GetTimestamp();
        }
        finally
        {
            gate.Release();
        }
    }));
}
await Task.WhenAll(inflight);
var offered = total / clock.Elapsed.TotalSeconds;
await allApplied.Task.WaitAsync(TimeSpan.FromMinutes(2));
// a handler that committed before the driver recorded the mutation's commit counts as 0 ms
var sorted = committedAt
    .Select(c => appliedAt.TryGetValue(c.Key, out var at) ? Math.Max(0, Stopwatch.GetElapsedTime(c.Value, at).TotalMilliseconds) : double.NaN)
    .Where(ms => !double.IsNaN(ms))
    .Order()
    .ToArray();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"mutation → handler committed: n={sorted.Length} offered={offered:0}/s p50={Percentile(sorted, 0.50):0.00} ms p90={Percentile(sorted, 0.90):0.00} ms p99={Percentile(sorted, 0.99):0.00} ms max={sorted[^1]:0.00} ms"));
await using (var diag = new NpgsqlConnection(orderDb))
{
    await diag.OpenAsync();
    await using var q = new NpgsqlCommand(
        "SELECT percentile_cont(ARRAY[0.5, 0.99]) WITHIN GROUP (ORDER BY extract(epoch FROM sent_at - created_at) * 1000) FROM fraiseql.outbox", diag);
    var relayLag = (double[])(await q.ExecuteScalarAsync())!;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  of which outbox insert → JetStream-acked and marked sent: p50={relayLag[0]:0.00} ms p99={relayLag[1]:0.00} ms"));
}
await stopListening.CancelAsync();
await listenLoop;
await notification.StopAsync();
await order.StopAsync();

// ---- 2. relay throughput vs raw JetStream publish ----
var relayDb = await BenchmarkServices.CreateDatabaseAsync(postgres, "order-service");
await using (var ds = NpgsqlDataSource.Create(relayDb))
{
    await EventStoreSchema.EnsureAsync(ds, CancellationToken.None);
    var payload = await SamplePayloadAsync(orderDb);
    await using var conn = await ds.OpenConnectionAsync();
    for (var done = 0; done < relayEvents; done += 1000)
    {
        await using var insert = new NpgsqlCommand(
            "INSERT INTO fraiseql.outbox (id, subject, payload, headers) SELECT ($1::uuid[])[g], 'bench.relay.created', $2::jsonb, " +
            "jsonb_build_object('FraiseQL-Event-Id', ($1::uuid[])[g]::text, 'FraiseQL-Source', 'order-service') FROM generate_series(1, 1000) g", conn);
        insert.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = Enumerable.Range(0, 1000).Select(_ => Guid.CreateVersion7()).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = payload, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        await insert.ExecuteNonQueryAsync();
    }
}
Console.WriteLine($"relay run: {relayEvents} outbox rows ...");
var relayHost = await BenchmarkServices.StartAsync(BenchmarkServices.Order, relayDb, nats.Url, o => { o.EnableConsumers = false; o.Outbox.BatchSize = 500; });
var relay = relayHost.Services.GetRequiredService<OutboxRelay>();
// steady state: timed from the first acknowledged batch (host start-up, NATS connect and stream creation excluded)
while (relay.PublishedCount == 0)
{
    await Task.Delay(1);
}
var relayClock = Stopwatch.StartNew();
var relayStart = relay.PublishedCount;
while (relay.PublishedCount < relayEvents)
{
    await Task.Delay(5);
}
var relayRate = (relayEvents - relayStart) / relayClock.Elapsed.TotalSeconds;
await relayHost.StopAsync();
relayHost.Dispose();

await using var raw = new NatsConnection(NatsOpts.Default with { Url = nats.Url });
var js = new NatsJSContext(raw);
await js.CreateOrUpdateStreamAsync(new StreamConfig("BENCH_RAW", ["bench.raw.>"]) { Storage = StreamConfigStorage.File });
var body = System.Text.Encoding.UTF8.GetBytes(await SamplePayloadAsync(orderDb));
NatsHeaders Headers(string id) => new() { ["FraiseQL-Event-Id"] = id, ["FraiseQL-Source"] = "order-service" };
var rawClock = Stopwatch.StartNew();
for (var i = 0; i < relayEvents; i++)
{
    var id = Guid.CreateVersion7().ToString();
    var ack = await js.PublishAsync("bench.raw.created", body, NatsRawSerializer<byte[]>.Default, new NatsJSPubOpts { MsgId = id }, Headers(id));
    ack.EnsureSuccess();
}
var rawRate = relayEvents / rawClock.Elapsed.TotalSeconds;
// the relay's own window: max_in_flight (256) acks outstanding
var window = new FraiseQLEventsOptions().Outbox.MaxInFlight;
rawClock.Restart();
for (var i = 0; i < relayEvents; i += window)
{
    var batch = Enumerable.Range(0, Math.Min(window, relayEvents - i)).Select(_ =>
    {
        var id = Guid.CreateVersion7().ToString();
        return js.PublishAsync("bench.raw.created", body, NatsRawSerializer<byte[]>.Default, new NatsJSPubOpts { MsgId = id }, Headers(id)).AsTask();
    });
    foreach (var ack in await Task.WhenAll(batch))
    {
        ack.EnsureSuccess();
    }
}
var rawPipelinedRate = relayEvents / rawClock.Elapsed.TotalSeconds;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"relay (outbox → JetStream → marked sent, steady state): {relayRate:0} events/s; raw JetStream publish of the same messages, awaiting each ack: {rawRate:0} msg/s " +
    $"(relay/raw = {relayRate / rawRate:P0}); raw with {window} acks in flight: {rawPipelinedRate:0} msg/s (relay/raw = {relayRate / rawPipelinedRate:P0})"));

notification.Dispose();
order.Dispose();
return 0;

static async Task<string> SamplePayloadAsync(string orderDb)
{
    await using var conn = new NpgsqlConnection(orderDb);
    await conn.OpenAsync();
    await using var cmd = new NpgsqlCommand("SELECT payload::text FROM fraiseql.outbox LIMIT 1", conn);
    return (string)(await cmd.ExecuteScalarAsync())!;
}

static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

int Arg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}
