using FraiseQL.Integration.Tests.Events.Support;
using FraiseQL.Integration.Tests.Infrastructure;
using FraiseQL.Sql;
using Microsoft.Extensions.DependencyInjection;
using static FraiseQL.Integration.Tests.Events.Support.CachedStatsQueries;

namespace FraiseQL.Integration.Tests.Events;

/// <summary>
/// An event handler whose subscribe entry lists <c>invalidates_views</c> drops the cached results of those views once
/// its transaction commits: the analytics service's cached <c>orderStats</c> (TTL 60 s) shows a new order's event as
/// soon as the handler has recorded it, not a minute later.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class HandlerCacheInvalidationTests(ServersFixture servers)
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_handler_that_lists_a_view_drops_its_cached_results_after_commit(bool listsTheView)
    {
        var prefix = Eventually.NewPrefix();
        var orderDb = await ExampleServiceDatabase.CreateAsync(servers.Postgres, "order-service");
        var analyticsDb = await ExampleServiceDatabase.CreateAsync(servers.Postgres, "analytics-service");
        var views = new ResultCacheViews();
        await using var order = await EventServiceHost.StartAsync(OrderServiceSchema.Create(prefix), orderDb, servers.Nats.Url, o => o.EnableConsumers = false);
        await using var analytics = await EventServiceHost.StartAsync(
            AnalyticsServiceSchema.Create(prefix, listsTheView ? ["v_order_stats"] : null), analyticsDb, servers.Nats.Url,
            services: s => s.AddSingleton(views));
        var executor = Executor(analytics.DataSource, StatsSchema("analytics-service"), views);
        Assert.Equal("{\"eventCount\":0}", await ReadAsync(executor, OrderStats)); // cached for 60 s

        await new OrderMutations(order).CreateOrderAsync(Guid.NewGuid(), ["SKU-0001"]);
        await Eventually.CountReachesAsync(analyticsDb, "SELECT count(*) FROM tb_order_event", 1, "analytics: the created event recorded");

        var seen = await ReadUntilAsync(executor, OrderStats, "{\"eventCount\":1}", seconds: 5);
        Assert.Equal(listsTheView ? "{\"eventCount\":1}" : "{\"eventCount\":0}", seen);
    }
}
