// Events benchmark (not a test): mutation → handler-committed latency at a fixed rate, and outbox relay
// throughput next to raw JetStream publish throughput, on the same throwaway PostgreSQL and nats-server.
// Run: dotnet run -c Release --project tests/FraiseQL.Benchmarks.Events [-- --rate 500 --seconds 10 --warmup 20 --relay-events 100000 --relay-warmup 50000 --relay-warmup-rounds 4 --handlers 32]
//   --warmup          seconds of the same paced load before the measured run, so tiered JIT compilation has settled (the
//                     JIT's activity during the measured run is printed: a long-running service is measured, not its start)
//   --relay-warmup    outbox rows per unmeasured relay round before the measured relay run, for the same reason
//   --relay-warmup-rounds  how many such rounds (default 4)
//   --relay-batch     [observers.outbox] batch_size of the relay run (default 500)
//   --claim-only      the order service's relay waits for its claim of the outbox ([observers.outbox] publish_committed_directly = false)
//   --pg-statements   print pg_stat_statements per database after the latency run; needs
//                     FRAISEQL_PG_OPTIONS="-c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=all"
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
var relayEvents = Arg("--relay-events", 100_000);
var relayWarmupEvents = Arg("--relay-warmup", 50_000);
var relayBatch = Arg("--relay-batch", 500);
var relayWarmupRounds = Arg("--relay-warmup-rounds", 4);
var handlers = Arg("--handlers", 32);
var warmupSeconds = Arg("--warmup", 20);

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
var order = await BenchmarkServices.StartAsync(BenchmarkServices.Order, orderDb, nats.Url, o => { o.EnableConsumers = false; o.Outbox.PublishCommittedDirectly = !args.Contains("--claim-only"); });
var notification = await BenchmarkServices.StartAsync(BenchmarkServices.Notification, notificationDb, nats.Url, o => { o.EnableRelay = false; o.Consumer.MaxConcurrentHandlers = handlers; });

var committedAt = new ConcurrentDictionary<Guid, long>();
var appliedAt = new ConcurrentDictionary<Guid, long>();
var total = rate * seconds;
var applied = 0;
var expected = int.MaxValue; // set to the measured run's count once the warm-up has settled
var allApplied = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
await using var listen = new NpgsqlConnection(notificationDb);
await listen.OpenAsync();
listen.Notification += (_, e) =>
{
    // only the arrival time is taken here: the latency is computed after the run, so the listener never waits
    // for the mutation side's bookkeeping (the handler may commit before the driver has recorded the mutation's commit)
    appliedAt.TryAdd(Guid.Parse(e.Payload), Stopwatch.GetTimestamp());
    if (Interlocked.Increment(ref applied) == Volatile.Read(ref expected))
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
// warm-up: the same paced load for --warmup seconds (streams, consumers, pools, prepared statements, tiered JIT), not measured
var warmupTotal = rate * warmupSeconds;
Console.WriteLine($"warm-up: {warmupTotal} mutations at {rate}/s ...");
await OfferAsync(warmupTotal);
while (Volatile.Read(ref applied) < warmupTotal)
{
    await Task.Delay(10);
}
appliedAt.Clear();
committedAt.Clear();
Interlocked.Exchange(ref applied, 0);
Volatile.Write(ref expected, total);
DateTime measuredFrom;
await using (var now = new NpgsqlConnection(orderDb))
{
    await now.OpenAsync();
    await using var q = new NpgsqlCommand("SELECT clock_timestamp()", now);
    measuredFrom = (DateTime)(await q.ExecuteScalarAsync())!;
}

Console.WriteLine($"latency run: {total} mutations at {rate}/s ...");
var cpuBefore = MachineCpu.Read();
var gcPauseBefore = GC.GetTotalPauseDuration();
var gcCountBefore = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
var jitBeforeRun = JitActivity.Now();
var offered = await OfferAsync(total);
await allApplied.Task.WaitAsync(TimeSpan.FromMinutes(2));
// a handler that committed before the driver recorded the mutation's commit counts as 0 ms
var sorted = committedAt
    .Select(c => appliedAt.TryGetValue(c.Key, out var at) ? Math.Max(0, Stopwatch.GetElapsedTime(c.Value, at).TotalMilliseconds) : double.NaN)
    .Where(ms => !double.IsNaN(ms))
    .Order()
    .ToArray();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"mutation → handler committed: n={sorted.Length} offered={offered:0}/s p50={Percentile(sorted, 0.50):0.00} ms p90={Percentile(sorted, 0.90):0.00} ms p99={Percentile(sorted, 0.99):0.00} ms max={sorted[^1]:0.00} ms"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  machine CPU busy during the run: {MachineCpu.BusyPercent(cpuBefore, MachineCpu.Read()):0} % of {Environment.ProcessorCount} cores (PostgreSQL, nats-server, both services and the driver share them)"));
Console.WriteLine($"  GC during the run (this process runs both services and the driver): pause {(GC.GetTotalPauseDuration() - gcPauseBefore).TotalMilliseconds:0.0} ms, " +
    $"collections gen0/1/2 {GC.CollectionCount(0) - gcCountBefore.Item1}/{GC.CollectionCount(1) - gcCountBefore.Item2}/{GC.CollectionCount(2) - gcCountBefore.Item3}; " +
    $"JIT compiled {jitBeforeRun.DescribeSince()}");
await using (var diag = new NpgsqlConnection(orderDb))
{
    await diag.OpenAsync();
    await using var q = new NpgsqlCommand(
        "SELECT percentile_cont(ARRAY[0.5, 0.99]) WITHIN GROUP (ORDER BY extract(epoch FROM sent_at - created_at) * 1000) FROM fraiseql.outbox WHERE created_at >= $1", diag);
    q.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = measuredFrom });
    var relayLag = (double[])(await q.ExecuteScalarAsync())!;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  of which outbox insert → JetStream-acked and marked sent: p50={relayLag[0]:0.00} ms p99={relayLag[1]:0.00} ms"));
}
if (args.Contains("--pg-statements"))
{
    // needs FRAISEQL_PG_OPTIONS="-c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=all"
    foreach (var db in new[] { orderDb, notificationDb })
    {
        await using var conn = new NpgsqlConnection(db);
        await conn.OpenAsync();
        await using (var ext = new NpgsqlCommand("CREATE EXTENSION IF NOT EXISTS pg_stat_statements", conn))
        {
            await ext.ExecuteNonQueryAsync();
        }
        await using var top = new NpgsqlCommand(
            "SELECT calls, round(total_exec_time::numeric, 1), round((total_exec_time / calls)::numeric, 3), left(regexp_replace(query, '\\s+', ' ', 'g'), 110) " +
            "FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = current_database() ORDER BY total_exec_time DESC LIMIT 25", conn);
        await using var r = await top.ExecuteReaderAsync();
        Console.WriteLine($"  statements in {conn.Database} (calls, total ms, mean ms, text):");
        while (await r.ReadAsync())
        {
            Console.WriteLine($"    {r.GetInt64(0),8} {r.GetDecimal(1),10} {r.GetDecimal(2),8}  {r.GetString(3)}");
        }
    }
}
await stopListening.CancelAsync();
await listenLoop;
await notification.StopAsync();
await order.StopAsync();

// ---- 2. relay throughput vs raw JetStream publish ----
var payload = await SamplePayloadAsync(orderDb);
// unmeasured rounds first, so tiered JIT has settled (here: ~3,500, ~1,700, ~1,200 methods in rounds 1-3, then ~200-350
// per round, which is each new host's start-up: the DI container's generated resolvers)
for (var round = 1; relayWarmupEvents > 0 && round <= relayWarmupRounds; round++)
{
    var jitBeforeRound = JitActivity.Now();
    await RelayRunAsync(relayWarmupEvents);
    Console.WriteLine($"relay warm-up round {round}: {relayWarmupEvents} outbox rows (not measured), JIT compiled {jitBeforeRound.MethodsSince()} method(s)");
}
Console.WriteLine($"relay run: {relayEvents} outbox rows ...");
var jitBeforeRelay = JitActivity.Now();
var relayRate = await RelayRunAsync(relayEvents);
Console.WriteLine($"  JIT during the relay run (host start-up included): {jitBeforeRelay.DescribeSince()}");

await using var raw = new NatsConnection(NatsOpts.Default with { Url = nats.Url });
var js = new NatsJSContext(raw);
await js.CreateOrUpdateStreamAsync(new StreamConfig("BENCH_RAW", ["bench.raw.>"]) { Storage = StreamConfigStorage.File });
var body = System.Text.Encoding.UTF8.GetBytes(payload);
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

// Relays `events` pre-inserted outbox rows through a fresh order-service host and returns its steady-state rate, timed
// from the first acknowledged batch (host start-up, NATS connect and stream creation excluded).
async Task<double> RelayRunAsync(int events)
{
    var relayDb = await BenchmarkServices.CreateDatabaseAsync(postgres, "order-service");
    await using (var ds = NpgsqlDataSource.Create(relayDb))
    {
        await EventStoreSchema.EnsureAsync(ds, CancellationToken.None);
        await using var conn = await ds.OpenConnectionAsync();
        for (var done = 0; done < events; done += 1000)
        {
            await using var insert = new NpgsqlCommand(
                "INSERT INTO fraiseql.outbox (id, subject, payload, headers) SELECT ($1::uuid[])[g], 'bench.relay.created', $2::jsonb, " +
                "jsonb_build_object('FraiseQL-Event-Id', ($1::uuid[])[g]::text, 'FraiseQL-Source', 'order-service') FROM generate_series(1, cardinality($1::uuid[])) g", conn);
            insert.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = Enumerable.Range(0, Math.Min(1000, events - done)).Select(_ => Guid.CreateVersion7()).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = payload, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            await insert.ExecuteNonQueryAsync();
        }
    }
    var host = await BenchmarkServices.StartAsync(BenchmarkServices.Order, relayDb, nats.Url, o => { o.EnableConsumers = false; o.Outbox.BatchSize = relayBatch; });
    var relay = host.Services.GetRequiredService<OutboxRelay>();
    while (relay.PublishedCount == 0)
    {
        await Task.Delay(1);
    }
    var clock = Stopwatch.StartNew();
    var start = relay.PublishedCount;
    while (relay.PublishedCount < events)
    {
        await Task.Delay(5);
    }
    var rate = (events - start) / clock.Elapsed.TotalSeconds;
    await host.StopAsync();
    host.Dispose();
    return rate;
}

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

// Offers `count` mutations at `rate` per second (at most 64 outstanding) and returns the rate actually offered.
async Task<double> OfferAsync(int count)
{
    var interval = TimeSpan.FromSeconds(1.0 / rate);
    var inflight = new List<Task>(count);
    var clock = Stopwatch.StartNew();
    using var gate = new SemaphoreSlim(64);
    for (var i = 0; i < count; i++)
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
    return count / clock.Elapsed.TotalSeconds;
}
