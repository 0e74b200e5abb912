using FraiseQL.Integration.Tests.Infrastructure;
using FraiseQL.Schema;
using FraiseQL.Sql;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using static FraiseQL.Integration.Tests.Sql.Sel;

namespace FraiseQL.Integration.Tests.Sql;

/// <summary>
/// <c>[caching] notify_triggers</c> on the order service's database: the tables behind the cached queries' views (found
/// in PostgreSQL's dependency catalog, through views of views) get a statement trigger that notifies the listener's
/// channel, so a plain SQL write drops the cached results that read them.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class ResultCacheTriggerTests(ServersFixture servers) : IAsyncLifetime
{
    private const string User = "10000000-0000-4000-8000-0000000000dd";
    private const string Channel = "fraiseql_cache";

    /// <summary>A view over v_order (a view of a view) and a table no cached view reads.</summary>
    private const string ExtraSql = """
        CREATE VIEW v_order_summary AS SELECT o.id, jsonb_build_object('id', o.id, 'status', o.data->>'status') AS data FROM v_order o;
        CREATE TABLE tb_unrelated (n int);
        """;

    private readonly QueryDescriptor _order = ResultCacheTests.Cached(OrderServiceSchema.OrderQuery, 600);
    private readonly List<ResultCacheNotificationListener> _listeners = [];
    private readonly CancellationTokenSource _stop = new();
    private SqlTestDatabase _db = null!;
    private ResultCacheViews _views = null!;

    public async Task InitializeAsync()
    {
        _views = new ResultCacheViews();
        _db = await SqlTestDatabase.CreateAsync(servers.Postgres, ResultCacheTests.SchemaWith(_order),
            SqlTestDatabase.MigrationsOf("order-service"), extraSql: ExtraSql, views: _views);
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        foreach (var listener in _listeners)
        {
            await listener.StopAsync(CancellationToken.None);
            listener.Dispose();
        }
        await _db.DisposeAsync();
        _stop.Dispose();
    }

    private async Task<ResultCacheNotificationListener> ListenAsync(IReadOnlyList<string> sources, string? connectionString = null)
    {
        var listener = new ResultCacheNotificationListener(connectionString ?? _db.ConnectionString, Channel, _views,
            NullLogger<ResultCacheNotificationListener>.Instance, sources);
        _listeners.Add(listener);
        await listener.StartAsync(_stop.Token);
        await listener.Listening.WaitAsync(TimeSpan.FromSeconds(10));
        return listener;
    }

    /// <summary>Each table with this channel's trigger, and the views the trigger names.</summary>
    private async Task<List<string>> TriggersAsync()
    {
        await using var command = _db.DataSource.CreateCommand($"""
            SELECT t.tgrelid::regclass::text || ' ' || convert_from(split_part(encode(t.tgargs, 'escape'), '\000', 2)::bytea, 'UTF8')
            FROM pg_trigger t WHERE t.tgname = '{ResultCacheTriggers.TriggerName(Channel)}' ORDER BY 1
            """);
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }
        return rows;
    }

    [Fact]
    public async Task The_cached_views_tables_get_a_trigger_and_a_plain_sql_write_drops_the_cached_result()
    {
        var schema = new SchemaIndex(ResultCacheTests.SchemaWith(_order));
        var listener = await ListenAsync(ResultCacheTriggers.CachedSources(schema));

        Assert.NotNull(listener.TriggerOutcome);
        Assert.Equal(["tb_order v_order", "tb_order_item v_order"], await TriggersAsync());

        var json = await _db.MutateAsync(OrderServiceSchema.CreateOrder,
            F("createOrder", F("id")).Args(("input", Obj(("userId", User), ("itemIds", List("SKU-0001")))))); // fires the triggers too
        var id = System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("id").GetString()!;
        await NotifyAndWait(listener); // the order's own notification is applied before anything is cached
        Assert.Equal(Json.Q("{'status':'pending'}"), await Status(id));

        await _db.ExecuteAsync($"UPDATE tb_order SET status = 'confirmed' WHERE id = '{id}'");

        var deadline = DateTime.UtcNow.AddSeconds(10);
        string seen;
        while ((seen = await Status(id)) != Json.Q("{'status':'confirmed'}") && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
        Assert.Equal(Json.Q("{'status':'confirmed'}"), seen);
    }

    [Fact]
    public async Task Views_of_views_are_followed_unknown_views_reported_and_a_second_install_keeps_the_first_ones_views()
    {
        await using (var connection = await _db.DataSource.OpenConnectionAsync())
        {
            var first = await ResultCacheTriggers.InstallAsync(connection, Channel, ["v_order"], CancellationToken.None);
            Assert.Equal(["tb_order", "tb_order_item"], first.Tables.Select(t => t.Table));

            // e.g. another service on the same database and channel, caching only the summary
            var second = await ResultCacheTriggers.InstallAsync(connection, Channel, ["\"public\".\"v_order_summary\"", "v_missing"], CancellationToken.None);
            Assert.Equal(["v_missing"], second.UnknownViews);
            Assert.Equal(["v_order", "v_order_summary"], second.Tables.Single(t => t.Table == "tb_order").Views);

            var again = await ResultCacheTriggers.InstallAsync(connection, Channel, ["v_order_summary"], CancellationToken.None);
            Assert.Equal(first.Tables.Count, again.Tables.Count);
        }
        Assert.Equal(["tb_order v_order,v_order_summary", "tb_order_item v_order,v_order_summary"], await TriggersAsync());
    }

    [Fact]
    public async Task Refused_triggers_are_logged_and_the_listener_still_listens()
    {
        var role = "cache_reader_" + Guid.NewGuid().ToString("N")[..8];
        await _db.ExecuteAsync($"CREATE ROLE {role} LOGIN");
        try
        {
            var connectionString = new NpgsqlConnectionStringBuilder(_db.ConnectionString) { Username = role, Pooling = false }.ConnectionString;
            var listener = await ListenAsync(["v_order"], connectionString); // not the tables' owner: no trigger

            Assert.Null(listener.TriggerOutcome);
            Assert.Empty(await TriggersAsync());
            await NotifyAndWait(listener);
        }
        finally
        {
            await _stop.CancelAsync(); // the listener's connection ends before its role is dropped
            foreach (var listener in _listeners)
            {
                await listener.StopAsync(CancellationToken.None);
            }
            await _db.ExecuteAsync($"DROP ROLE {role}");
        }
    }

    private Task NotifyAndWait(ResultCacheNotificationListener listener) => ListenerMarker.NotifyAndWaitAsync(_db, listener, Channel);

    private Task<string> Status(string id) => _db.QueryAsync(_order, F("order", F("status")).Args(("id", id)));
}
