using System.Diagnostics;
using System.Text.Json;
using FraiseQL.Integration.Tests.Infrastructure;
using FraiseQL.Schema;
using FraiseQL.Sql;
using Xunit.Abstractions;
using static FraiseQL.Integration.Tests.Sql.Sel;

namespace FraiseQL.Integration.Tests.Sql;

/// <summary>
/// The result cache under concurrent readers while plain SQL writes commit back to back and a statement trigger
/// notifies the view: a read that overlaps a write must not leave an older result cached once the write's notification
/// is applied. Each write sets every item's qty of one order to the write's number k, and the trigger's payload names
/// the view and a marker <c>v_w_k</c>, so a watcher sees from the listener's last payload when write k was applied.
/// Readers keep reading the order through the cache; a read that starts after write k was seen applied must answer k
/// or later.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class ResultCacheConcurrencyTests(ServersFixture servers, ITestOutputHelper output) : IAsyncLifetime
{
    private const string User = "10000000-0000-4000-8000-0000000000cd";
    private const int Writes = 400;
    private const int Readers = 6;

    private const string TriggerSql = """
        CREATE FUNCTION fn_notify_result_cache() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          PERFORM pg_notify('fraiseql_cache', 'v_order,v_w_' || (SELECT min(qty) FROM new_rows));
          RETURN NULL;
        END $$;
        CREATE TRIGGER tr_order_item_result_cache AFTER UPDATE ON tb_order_item REFERENCING NEW TABLE AS new_rows
          FOR EACH STATEMENT EXECUTE FUNCTION fn_notify_result_cache();
        """;

    private readonly QueryDescriptor _order = ResultCacheTests.Cached(OrderServiceSchema.OrderQuery, 600);
    private ListeningCacheDatabase _cache = null!;

    private SqlTestDatabase Db => _cache.Db;

    private ResultCacheNotificationListener Listener => _cache.Listener;

    public async Task InitializeAsync() => _cache = await ListeningCacheDatabase.CreateAsync(servers.Postgres, _order, TriggerSql);

    public async Task DisposeAsync() => await _cache.DisposeAsync();

    [Fact]
    public async Task No_read_that_starts_after_a_writes_notification_is_applied_sees_an_older_value()
    {
        var json = await Db.MutateAsync(OrderServiceSchema.CreateOrder,
            F("createOrder", F("id")).Args(("input", Obj(("userId", User), ("itemIds", List("SKU-0001", "SKU-0002"))))));
        var id = JsonDocument.Parse(json).RootElement.GetProperty("id").GetString()!;
        string Update(int qty) => $"UPDATE tb_order_item SET qty = {qty} WHERE fk_order = (SELECT pk_order FROM tb_order WHERE id = '{id}')";
        await Db.ExecuteAsync(Update(1));
        await _cache.NotifyAndWaitAsync();

        // the reads go through the cache: a write PostgreSQL does not notify (triggers off in that session) is not seen
        Assert.Equal(1, await MinQty(id));
        await Db.ExecuteAsync($"SET session_replication_role = replica; {Update(1000)}; RESET session_replication_role;");
        Assert.Equal(1, await MinQty(id));
        await Db.ExecuteAsync(Update(1));
        await _cache.NotifyAndWaitAsync();

        // applied[k]: when the watcher saw write k's notification applied (Stopwatch ticks; 0: not seen, overtaken by a
        // later one). Seen late is fine: the check below only gets weaker, never wrong.
        var applied = new long[Writes + 2];
        applied[1] = Stopwatch.GetTimestamp();
        using var stop = new CancellationTokenSource();
        var watcher = new Thread(() =>
        {
            string? last = null;
            while (!stop.IsCancellationRequested)
            {
                var payload = Listener.LastPayload;
                if (!ReferenceEquals(payload, last) && payload is not null)
                {
                    last = payload;
                    var at = payload.IndexOf("v_w_", StringComparison.Ordinal);
                    if (at >= 0 && int.TryParse(payload.AsSpan(at + 4), System.Globalization.CultureInfo.InvariantCulture, out var k) && k < applied.Length)
                    {
                        Volatile.Write(ref applied[k], Stopwatch.GetTimestamp());
                    }
                }
                Thread.SpinWait(50);
            }
        }) { IsBackground = true };
        watcher.Start();
        var readers = Enumerable.Range(0, Readers).Select(_ => Task.Run(async () =>
        {
            var reads = new List<(long Start, int Qty)>();
            while (!stop.IsCancellationRequested)
            {
                var start = Stopwatch.GetTimestamp();
                reads.Add((start, await MinQty(id)));
                // a cache hit completes without waiting: pause now and then, or six readers starve the writer
                if (reads.Count % 8 == 0)
                {
                    await Task.Delay(1);
                }
            }
            return reads;
        })).ToArray();

        // writes back to back, so that commits land while reads are running
        var random = new Random(7);
        var committed = new long[Writes + 2];
        for (var k = 2; k <= Writes + 1; k++)
        {
            await Db.ExecuteAsync(Update(k));
            committed[k] = Stopwatch.GetTimestamp();
            if (random.Next(4) == 0)
            {
                await Task.Delay(1);
            }
        }
        await _cache.NotifyAndWaitAsync();
        await stop.CancelAsync();
        var all = (await Task.WhenAll(readers)).SelectMany(r => r).ToList();
        watcher.Join();

        // the newest write seen applied before the read started (notifications are applied in commit order)
        int Expected(long start)
        {
            for (var k = Writes + 1; k > 1; k--)
            {
                if (applied[k] != 0 && applied[k] <= start)
                {
                    return k;
                }
            }
            return 1;
        }
        var seen = applied.Count(t => t != 0);
        // how long after the commit was acknowledged the watcher saw the notification applied (an upper bound)
        var delays = Enumerable.Range(2, Writes).Where(k => applied[k] != 0).Select(k => Stopwatch.GetElapsedTime(committed[k], applied[k]).TotalMilliseconds).Order().ToList();
        output.WriteLine($"{all.Count} reads, {seen} of {Writes} writes seen applied; after the commit: median {delays[delays.Count / 2]:F2} ms, p90 {delays[delays.Count * 9 / 10]:F2} ms, max {delays[^1]:F2} ms");
        Assert.True(seen > Writes / 4, $"the watcher saw only {seen} of {Writes} writes applied");
        Assert.True(all.Count > Writes, $"only {all.Count} reads during {Writes} writes");
        var stale = all.Where(r => r.Qty < Expected(r.Start)).Select(r => $"qty {r.Qty} where {Expected(r.Start)} was applied").ToList();
        Assert.True(stale.Count == 0, $"{stale.Count} of {all.Count} reads were stale: {string.Join("; ", stale.Take(5))}");
        Assert.Equal(Writes + 1, await MinQty(id));
    }

    private async Task<int> MinQty(string id)
    {
        var json = await Db.QueryAsync(_order, F("order", F("items", F("qty"))).Args(("id", id)));
        return JsonDocument.Parse(json).RootElement.GetProperty("items").EnumerateArray().Min(i => i.GetProperty("qty").GetInt32());
    }
}
