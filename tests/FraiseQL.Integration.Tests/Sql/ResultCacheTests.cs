using FraiseQL.Execution;
using FraiseQL.Integration.Tests.Infrastructure;
using FraiseQL.Runtime.Security.Configuration;
using FraiseQL.Runtime.Security.Session;
using FraiseQL.Schema;
using FraiseQL.Sql;
using static FraiseQL.Integration.Tests.Sql.Sel;

namespace FraiseQL.Integration.Tests.Sql;

/// <summary>
/// Queries that declare <c>cache_ttl_seconds</c>, on the order service's database. A change made behind the service's
/// back (plain SQL) shows whether a read came from the cache: it stays unseen until a mutation writes the view, the
/// time runs out, or the caller is one the cached result was not read for.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class ResultCacheTests(ServersFixture servers) : IAsyncLifetime
{
    private const string User = "10000000-0000-4000-8000-0000000000bb";
    private readonly List<SqlTestDatabase> _databases = [];

    internal static QueryDescriptor Cached(QueryDescriptor query, long ttlSeconds) => new()
    {
        Name = query.Name,
        ReturnType = query.ReturnType,
        ReturnsList = query.ReturnsList,
        Nullable = query.Nullable,
        Arguments = query.Arguments,
        SqlSource = query.SqlSource,
        HasWhere = query.HasWhere,
        HasOrderBy = query.HasOrderBy,
        HasLimit = query.HasLimit,
        HasOffset = query.HasOffset,
        WhereInputType = query.WhereInputType,
        CacheTtlSeconds = ttlSeconds,
    };

    internal static SchemaDescriptor SchemaWith(params QueryDescriptor[] queries)
    {
        var s = OrderServiceSchema.Schema;
        return new SchemaDescriptor
        {
            ServiceName = s.ServiceName, Types = s.Types, Enums = s.Enums, InputTypes = s.InputTypes,
            Queries = queries, Mutations = s.Mutations, Publishes = s.Publishes,
        };
    }

    /// <summary>A view over v_order that counts the statements reading it and takes 300 ms each.</summary>
    private const string CountedViewSql = """
        CREATE TABLE tb_read_count (n int NOT NULL);
        INSERT INTO tb_read_count VALUES (0);
        CREATE FUNCTION fn_counted_read() RETURNS boolean LANGUAGE plpgsql VOLATILE AS $$
        BEGIN
          UPDATE tb_read_count SET n = n + 1;
          PERFORM pg_sleep(0.3);
          RETURN true;
        END $$;
        CREATE VIEW v_order_counted AS SELECT o.id, o.data FROM v_order o WHERE fn_counted_read();
        """;

    private static readonly QueryDescriptor CountedOrder = new()
    {
        Name = "countedOrder",
        ReturnType = "Order",
        Nullable = true,
        Arguments = OrderServiceSchema.OrderQuery.Arguments,
        SqlSource = "\"v_order_counted\"",
        CacheTtlSeconds = 60,
    };

    private QueryDescriptor _order = null!;
    private QueryDescriptor _orders = null!;

    private async Task<SqlTestDatabase> Database(long ttlSeconds = 60, FraiseQLPostgresOptions? options = null, ISqlSessionInitializer? session = null)
    {
        _order = Cached(OrderServiceSchema.OrderQuery, ttlSeconds);
        _orders = Cached(OrderServiceSchema.OrdersQuery, ttlSeconds);
        var db = await SqlTestDatabase.CreateAsync(servers.Postgres, SchemaWith(_order, _orders, CountedOrder),
            SqlTestDatabase.MigrationsOf("order-service"), extraSql: CountedViewSql, options: options, session: session);
        _databases.Add(db);
        return db;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var db in _databases)
        {
            await db.DisposeAsync();
        }
    }

    private static async Task<string> CreateOrder(SqlTestDatabase db)
    {
        var json = await db.MutateAsync(OrderServiceSchema.CreateOrder,
            F("createOrder", F("id")).Args(("input", Obj(("userId", User), ("itemIds", List("SKU-0001"))))));
        return System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("id").GetString()!;
    }

    private Task<string> Status(SqlTestDatabase db, string id, RequestContext? caller = null) =>
        db.QueryAsync(_order, F("order", F("status")).Args(("id", id)), caller);

    private static Task Behind(SqlTestDatabase db, string id, string status) =>
        db.ExecuteAsync($"UPDATE tb_order SET status = '{status}' WHERE id = '{id}'");

    [Fact]
    public async Task A_cached_result_is_served_until_a_mutation_writes_its_view()
    {
        var db = await Database();
        var id = await CreateOrder(db);
        Assert.Equal(Json.Q("{'status':'pending'}"), await Status(db, id));

        await Behind(db, id, "confirmed");
        Assert.Equal(Json.Q("{'status':'pending'}"), await Status(db, id)); // from the cache
        Assert.True(db.Executor.CachedResultCount >= 1);

        await db.MutateAsync(OrderServiceSchema.UpdateOrderStatus, F("updateOrderStatus", F("id")).Args(("id", id), ("status", "CANCELLED")));
        Assert.Equal(Json.Q("{'status':'cancelled'}"), await Status(db, id));
    }

    [Fact]
    public async Task A_list_is_dropped_by_a_mutation_on_another_row_of_its_view()
    {
        var db = await Database();
        var first = await CreateOrder(db);
        var second = await CreateOrder(db);
        var list = F("orders", F("status")).Args(("where", Obj(("id", Obj(("eq", first))))));
        Assert.Equal(Json.Q("[{'status':'pending'}]"), await db.QueryAsync(_orders, list));

        await Behind(db, first, "confirmed");
        Assert.Equal(Json.Q("[{'status':'pending'}]"), await db.QueryAsync(_orders, list));

        // a write to any order drops every cached read of v_order (view-level invalidation)
        await db.MutateAsync(OrderServiceSchema.ShipOrder, F("shipOrder", F("id")).Args(("id", second)));
        Assert.Equal(Json.Q("[{'status':'confirmed'}]"), await db.QueryAsync(_orders, list));
    }

    [Fact]
    public async Task A_result_expires_after_its_ttl()
    {
        var db = await Database(ttlSeconds: 1);
        var id = await CreateOrder(db);
        Assert.Equal(Json.Q("{'status':'pending'}"), await Status(db, id));
        await Behind(db, id, "confirmed");
        Assert.Equal(Json.Q("{'status':'pending'}"), await Status(db, id));

        var deadline = DateTime.UtcNow.AddSeconds(10);
        string seen;
        do
        {
            await Task.Delay(200);
            seen = await Status(db, id);
        }
        while (seen.Contains("pending", StringComparison.Ordinal) && DateTime.UtcNow < deadline);
        Assert.Equal(Json.Q("{'status':'confirmed'}"), seen);
    }

    [Fact]
    public async Task Callers_with_other_session_settings_never_share_a_result()
    {
        var security = SecurityOptionsReader.FromToml("[security]\ndefault_role = \"viewer\"\n", _ => null);
        var db = await Database(session: new PostgresSessionInitializer(security));
        var id = await CreateOrder(db);
        RequestContext Caller(string principal, string correlationId) => new() { CorrelationId = correlationId, Principal = principal };

        Assert.Equal(Json.Q("{'status':'pending'}"), await Status(db, id, Caller("alice", "c-1")));
        await Behind(db, id, "confirmed");

        Assert.Equal(Json.Q("{'status':'pending'}"), await Status(db, id, Caller("alice", "c-2"))); // the same caller, another request
        Assert.Equal(Json.Q("{'status':'confirmed'}"), await Status(db, id, Caller("bob", "c-3")));
        Assert.Equal(Json.Q("{'status':'confirmed'}"), await Status(db, id)); // anonymous: nothing set, its own entry
    }

    [Fact]
    public async Task A_session_initializer_that_cannot_describe_its_settings_bypasses_the_cache()
    {
        var db = await Database(session: new UndescribedSession());
        var id = await CreateOrder(db);
        Assert.Equal(Json.Q("{'status':'pending'}"), await Status(db, id));
        await Behind(db, id, "confirmed");

        Assert.Equal(Json.Q("{'status':'confirmed'}"), await Status(db, id));
        Assert.Equal(0, db.Executor.CachedResultCount);
    }

    [Fact]
    public async Task With_caching_off_every_read_goes_to_PostgreSQL()
    {
        var db = await Database(options: new FraiseQLPostgresOptions { ResultCacheEnabled = false });
        var id = await CreateOrder(db);
        Assert.Equal(Json.Q("{'status':'pending'}"), await Status(db, id));
        await Behind(db, id, "confirmed");

        Assert.Equal(Json.Q("{'status':'confirmed'}"), await Status(db, id));
        Assert.Equal(0, db.Executor.CachedResultCount);
    }

    private static Task<string> CountedStatus(SqlTestDatabase db, string id) =>
        db.QueryAsync(CountedOrder, F("countedOrder", F("status")).Args(("id", id)));

    [Fact]
    public async Task Concurrent_misses_of_one_key_share_one_statement()
    {
        var db = await Database();
        var id = await CreateOrder(db);

        var reads = Enumerable.Range(0, 8).Select(_ => CountedStatus(db, id)).ToArray();
        var results = await Task.WhenAll(reads);

        Assert.All(results, r => Assert.Equal(Json.Q("{'status':'pending'}"), r));
        Assert.Equal(1, await db.ScalarAsync<int>("SELECT n FROM tb_read_count"));
        Assert.Equal(Json.Q("{'status':'pending'}"), await CountedStatus(db, id)); // and then from the cache
        Assert.Equal(1, await db.ScalarAsync<int>("SELECT n FROM tb_read_count"));
    }

    [Fact]
    public async Task A_request_that_arrives_after_a_write_does_not_take_a_shared_result_read_before_it()
    {
        var db = await Database();
        var id = await CreateOrder(db);

        var first = CountedStatus(db, id); // reads for 300 ms
        // its statement is running (its count is not committed yet, so ask pg_stat_activity)
        await WaitForAsync(async () => await db.ScalarAsync<long>(
            "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query LIKE '%v_order_counted%' AND pid <> pg_backend_pid()") == 1);
        await db.MutateAsync(OrderServiceSchema.UpdateOrderStatus, F("updateOrderStatus", F("id")).Args(("id", id), ("status", "CANCELLED")));
        Assert.False(first.IsCompleted); // the write committed while the first read was still running
        var second = await CountedStatus(db, id); // its counter update waits for the first read's, so it does run after it

        Assert.Equal(Json.Q("{'status':'cancelled'}"), second);
        Assert.Equal(2, await db.ScalarAsync<int>("SELECT n FROM tb_read_count"));
        await first; // concurrent with the write: either status is right for it
        Assert.Equal(Json.Q("{'status':'cancelled'}"), await CountedStatus(db, id));
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 10 s");
            await Task.Delay(10);
        }
    }

    /// <summary>Sets a transaction-local setting in its own statement and says nothing of what it sets.</summary>
    private sealed class UndescribedSession : ISqlSessionInitializer
    {
        public async ValueTask InitializeAsync(Npgsql.NpgsqlConnection connection, Npgsql.NpgsqlTransaction transaction, RequestContext context, CancellationToken cancellationToken)
        {
            await using var command = new Npgsql.NpgsqlCommand("SELECT set_config('app.caller', 'someone', true)", connection, transaction);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
