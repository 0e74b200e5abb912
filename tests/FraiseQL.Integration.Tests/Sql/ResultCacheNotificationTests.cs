using FraiseQL.Integration.Tests.Infrastructure;
using FraiseQL.Schema;
using FraiseQL.Sql;
using static FraiseQL.Integration.Tests.Sql.Sel;

namespace FraiseQL.Integration.Tests.Sql;

/// <summary>
/// <see cref="ResultCacheNotificationListener"/> on the order service's database: a cached read stays cached through a
/// plain SQL write until PostgreSQL notifies the view on the listener's channel, from a statement trigger or by hand.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class ResultCacheNotificationTests(ServersFixture servers) : IAsyncLifetime
{
    private const string User = "10000000-0000-4000-8000-0000000000cc";

    /// <summary>The trigger the README suggests, on tb_order_item only (tb_order is left to NOTIFY by hand).</summary>
    private const string TriggerSql = """
        CREATE FUNCTION fn_notify_result_cache() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          PERFORM pg_notify('fraiseql_cache', TG_ARGV[0]);
          RETURN NULL;
        END $$;
        CREATE TRIGGER tr_order_item_result_cache AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON tb_order_item
          FOR EACH STATEMENT EXECUTE FUNCTION fn_notify_result_cache('v_order');
        """;

    private readonly QueryDescriptor _order = ResultCacheTests.Cached(OrderServiceSchema.OrderQuery, 600);
    private ListeningCacheDatabase _cache = null!;

    private SqlTestDatabase Db => _cache.Db;

    private ResultCacheNotificationListener Listener => _cache.Listener;

    public async Task InitializeAsync() => _cache = await ListeningCacheDatabase.CreateAsync(servers.Postgres, _order, TriggerSql);

    public async Task DisposeAsync() => await _cache.DisposeAsync();

    private async Task<string> CreateOrder()
    {
        var json = await Db.MutateAsync(OrderServiceSchema.CreateOrder,
            F("createOrder", F("id")).Args(("input", Obj(("userId", User), ("itemIds", List("SKU-0001", "SKU-0002"))))));
        // the items' trigger notified v_order on commit: let that arrive before a test caches anything
        await NotifyAndWait("v_settled");
        return System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("id").GetString()!;
    }

    private Task<string> Status(string id) => Db.QueryAsync(_order, F("order", F("status")).Args(("id", id)));

    private Task<string> ItemCount(string id) => Db.QueryAsync(_order, F("order", F("items", F("id"))).Args(("id", id)));

    /// <summary>Reads until <paramref name="expected"/> is served (notifications arrive asynchronously), at most 10 s.</summary>
    private static async Task<string> EventuallyAsync(Func<Task<string>> read, string expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        string seen;
        while ((seen = await read()) != expected && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
        return seen;
    }

    [Fact]
    public async Task A_notification_naming_the_view_drops_its_cached_results()
    {
        var id = await CreateOrder();
        Assert.Equal(Json.Q("{'status':'pending'}"), await Status(id));
        await Db.ExecuteAsync($"UPDATE tb_order SET status = 'confirmed' WHERE id = '{id}'");
        Assert.Equal(Json.Q("{'status':'pending'}"), await Status(id)); // tb_order has no trigger: still cached

        // another view's name leaves it cached
        await NotifyAndWait("v_product");
        Assert.Equal(Json.Q("{'status':'pending'}"), await Status(id));

        await Db.ExecuteAsync("SELECT pg_notify('fraiseql_cache', 'public.v_order')");
        Assert.Equal(Json.Q("{'status':'confirmed'}"), await EventuallyAsync(() => Status(id), Json.Q("{'status':'confirmed'}")));
    }

    [Fact]
    public async Task A_statement_trigger_invalidates_after_a_plain_sql_write_commits()
    {
        var id = await CreateOrder();
        Assert.Equal(2, Items(await ItemCount(id)));

        await Db.ExecuteAsync($"DELETE FROM tb_order_item WHERE id = (SELECT i.id FROM tb_order_item i JOIN tb_order o ON o.pk_order = i.fk_order WHERE o.id = '{id}' LIMIT 1)");
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Items(await ItemCount(id)) != 1 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
        Assert.Equal(1, Items(await ItemCount(id)));
    }

    [Fact]
    public async Task A_rolled_back_write_notifies_nothing()
    {
        var id = await CreateOrder(); // its own trigger notification is applied by now
        Assert.Equal(Json.Q("{'status':'pending'}"), await Status(id));
        await Db.ExecuteAsync($"UPDATE tb_order SET status = 'confirmed' WHERE id = '{id}'"); // no trigger on tb_order

        await Db.ExecuteAsync($"BEGIN; DELETE FROM tb_order_item WHERE fk_order = (SELECT pk_order FROM tb_order WHERE id = '{id}'); ROLLBACK;");
        await NotifyAndWait("v_after"); // delivered after anything committed before it

        Assert.Equal(Json.Q("{'status':'pending'}"), await Status(id)); // still the cached result
    }

    [Fact]
    public async Task An_empty_or_star_payload_drops_everything()
    {
        var id = await CreateOrder();
        Assert.Equal(Json.Q("{'status':'pending'}"), await Status(id));
        await Db.ExecuteAsync($"UPDATE tb_order SET status = 'confirmed' WHERE id = '{id}'");
        await Db.ExecuteAsync("SELECT pg_notify('fraiseql_cache', '*')");
        Assert.Equal(Json.Q("{'status':'confirmed'}"), await EventuallyAsync(() => Status(id), Json.Q("{'status':'confirmed'}")));

        await Db.ExecuteAsync($"UPDATE tb_order SET status = 'shipped' WHERE id = '{id}'");
        await Db.ExecuteAsync("NOTIFY fraiseql_cache");
        Assert.Equal(Json.Q("{'status':'shipped'}"), await EventuallyAsync(() => Status(id), Json.Q("{'status':'shipped'}")));
    }

    [Fact]
    public async Task A_lost_listen_connection_drops_the_cache_when_it_is_back()
    {
        var id = await CreateOrder();
        Assert.Equal(Json.Q("{'status':'pending'}"), await Status(id));
        await Db.ExecuteAsync($"UPDATE tb_order SET status = 'confirmed' WHERE id = '{id}'");
        Assert.Equal(Json.Q("{'status':'pending'}"), await Status(id));

        var connections = Listener.ConnectionCount;
        var killed = await Db.ScalarAsync<long>(
            $"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND application_name = '{ResultCacheNotificationListener.ApplicationName}'");
        Assert.Equal(1, killed);
        await ListenerMarker.WaitUntilAsync(() => Listener.ConnectionCount > connections, "the LISTEN re-established");

        Assert.Equal(Json.Q("{'status':'confirmed'}"), await Status(id));
        // and it listens again
        await Db.ExecuteAsync($"UPDATE tb_order SET status = 'shipped' WHERE id = '{id}'");
        Assert.Equal(Json.Q("{'status':'confirmed'}"), await Status(id));
        await Db.ExecuteAsync("SELECT pg_notify('fraiseql_cache', 'v_order')");
        Assert.Equal(Json.Q("{'status':'shipped'}"), await EventuallyAsync(() => Status(id), Json.Q("{'status':'shipped'}")));
    }

    private Task NotifyAndWait(string prefix) => _cache.NotifyAndWaitAsync(prefix);

    private static int Items(string json) =>
        System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("items").GetArrayLength();
}
