using FraiseQL.Events;
using FraiseQL.Integration.Tests.Events.Support;
using FraiseQL.Integration.Tests.Infrastructure;
using FraiseQL.Schema;
using FraiseQL.Sql;
using Microsoft.Extensions.DependencyInjection;
using static FraiseQL.Integration.Tests.Events.Support.CachedStatsQueries;

namespace FraiseQL.Integration.Tests.Events;

/// <summary>
/// Two instances of one service on one nats-server: an invalidation made on one drops the other's cached results
/// (ResultCacheBroadcaster over core NATS), while a result nobody invalidated stays cached on both.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class CacheBroadcastTests(ServersFixture servers)
{
    private sealed record Instance(EventServiceHost Host, ResultCacheViews Views, PostgresRootFieldExecutor Executor) : IAsyncDisposable
    {
        public ResultCacheBroadcaster Broadcaster => Host.Services.GetRequiredService<ResultCacheBroadcaster>();

        public Task<string> ReadAsync(QueryDescriptor query) => CachedStatsQueries.ReadAsync(Executor, query);

        public Task<string> ReadUntilAsync(QueryDescriptor query, string expected) => CachedStatsQueries.ReadUntilAsync(Executor, query, expected, seconds: 10);

        public ValueTask DisposeAsync() => Host.DisposeAsync();
    }

    private async Task<Instance> StartAsync(SchemaDescriptor schema, string database)
    {
        var views = new ResultCacheViews();
        var host = await EventServiceHost.StartAsync(new HandBuiltGeneratedService(schema), database, servers.Nats.Url, services: s => s.AddSingleton(views));
        return new Instance(host, views, Executor(host.DataSource, schema, views));
    }

    [Fact]
    public async Task An_invalidation_on_one_instance_drops_the_other_instances_cached_results_of_that_view_only()
    {
        var schema = StatsSchema("cache-" + Eventually.NewPrefix());
        var db = await ExampleServiceDatabase.CreateAsync(servers.Postgres, "analytics-service");
        await using var a = await StartAsync(schema, db);
        await using var b = await StartAsync(schema, db);
        Assert.True(a.Broadcaster.IsActive && b.Broadcaster.IsActive);

        Assert.Equal("{\"eventCount\":0}", await b.ReadAsync(OrderStats));
        Assert.Equal("[]", await b.ReadAsync(OrderEvents));
        await ExampleServiceDatabase.CountAsync(db, "WITH i AS (INSERT INTO tb_order_event (order_id, status, total) VALUES (gen_random_uuid(), 'pending', 1) RETURNING 1) SELECT count(*) FROM i");
        Assert.Equal("{\"eventCount\":0}", await b.ReadAsync(OrderStats)); // cached

        a.Views.Invalidate("v_order_stats"); // e.g. a mutation or a handler on instance a

        Assert.Equal("{\"eventCount\":1}", await b.ReadUntilAsync(OrderStats, "{\"eventCount\":1}"));
        Assert.True(a.Broadcaster.SentCount >= 1);
        Assert.True(b.Broadcaster.AppliedCount >= 1);
        Assert.Equal("[]", await b.ReadAsync(OrderEvents)); // v_order_event was not announced: still cached
    }

    [Fact]
    public async Task Without_a_cached_query_the_broadcaster_stays_off()
    {
        var db = await ExampleServiceDatabase.CreateAsync(servers.Postgres, "analytics-service");
        await using var host = await EventServiceHost.StartAsync(AnalyticsServiceSchema.Create(Eventually.NewPrefix()), db, servers.Nats.Url,
            services: s => s.AddSingleton(new ResultCacheViews()));
        Assert.False(host.Services.GetRequiredService<ResultCacheBroadcaster>().IsActive);
    }

    [Fact]
    public async Task An_instance_that_lost_NATS_drops_its_cache_when_it_reconnects()
    {
        var schema = StatsSchema("cache-" + Eventually.NewPrefix());
        var db = await ExampleServiceDatabase.CreateAsync(servers.Postgres, "analytics-service");
        await using var b = await StartAsync(schema, db);
        var connection = b.Host.Services.GetRequiredService<NATS.Client.Core.NatsConnection>();
        Assert.Equal("{\"eventCount\":0}", await b.ReadAsync(OrderStats));
        await ExampleServiceDatabase.CountAsync(db, "WITH i AS (INSERT INTO tb_order_event (order_id, status, total) VALUES (gen_random_uuid(), 'pending', 1) RETURNING 1) SELECT count(*) FROM i");
        Assert.Equal("{\"eventCount\":0}", await b.ReadAsync(OrderStats)); // cached

        // while NATS is away, another instance's announcements cannot arrive
        servers.Nats.Stop();
        try
        {
            await WaitForAsync(() => connection.ConnectionState != NATS.Client.Core.NatsConnectionState.Open, "the connection notices the outage");
        }
        finally
        {
            servers.Nats.Restart();
        }
        await WaitForAsync(() => connection.ConnectionState == NATS.Client.Core.NatsConnectionState.Open, "the connection is back");

        // the reconnect event may follow the state change by a moment
        Assert.Equal("{\"eventCount\":1}", await b.ReadUntilAsync(OrderStats, "{\"eventCount\":1}"));
    }

    private static async Task WaitForAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, what + " within 30 s");
            await Task.Delay(20);
        }
    }
}
