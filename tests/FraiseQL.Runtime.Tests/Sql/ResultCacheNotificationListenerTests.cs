using FraiseQL.Schema;
using FraiseQL.Sql;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FraiseQL.Runtime.Tests.Sql;

public sealed class ResultCacheNotificationListenerTests
{
    [Theory]
    [InlineData("v_order", new[] { "v_order" })]
    [InlineData("v_order,v_order_stats", new[] { "v_order", "v_order_stats" })]
    [InlineData(" v_order  app.v_item ,\"V_Line\" ", new[] { "v_order", "app.v_item", "\"V_Line\"" })]
    public void A_payload_names_views(string payload, string[] expected) =>
        Assert.Equal(expected, ResultCacheNotificationListener.ParsePayload(payload));

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("*")]
    [InlineData("v_order,*")]
    public void An_empty_or_star_payload_means_every_view(string payload) =>
        Assert.Null(ResultCacheNotificationListener.ParsePayload(payload));

    [Theory]
    [InlineData("fraiseql_cache", true)]
    [InlineData("_Cache2", true)]
    [InlineData("2cache", false)]
    [InlineData("cache-1", false)]
    [InlineData("cache\"; NOTIFY x; --", false)]
    [InlineData("", false)]
    public void A_channel_is_a_plain_identifier(string channel, bool valid) =>
        Assert.Equal(valid, ResultCacheNotificationListener.IsValidChannel(channel));

    [Fact]
    public void A_channel_longer_than_postgresql_keeps_is_refused()
    {
        Assert.True(ResultCacheNotificationListener.IsValidChannel(new string('c', 63)));
        Assert.False(ResultCacheNotificationListener.IsValidChannel(new string('c', 64)));
    }

    [Fact]
    public void Without_a_channel_or_a_cache_it_stays_off()
    {
        var logger = Microsoft.Extensions.Logging.Abstractions.NullLogger<ResultCacheNotificationListener>.Instance;
        Assert.False(new ResultCacheNotificationListener("Host=localhost", "", new ResultCacheViews(), logger).IsActive);
        Assert.False(new ResultCacheNotificationListener("Host=localhost", "fraiseql_cache", null, logger).IsActive);
        Assert.True(new ResultCacheNotificationListener("Host=localhost", "fraiseql_cache", new ResultCacheViews(), logger).IsActive);
    }

    private static SchemaDescriptor Schema(long? ttlSeconds) => new()
    {
        ServiceName = "shop",
        Types = [new ObjectTypeDescriptor { Name = "Order", SqlSource = "v_order", Fields = [new FieldDescriptor { Name = "id", StorageKey = "id", Type = "ID!" }] }],
        Queries = [new QueryDescriptor { Name = "orders", ReturnType = "Order", ReturnsList = true, SqlSource = "v_order", CacheTtlSeconds = ttlSeconds }],
    };

    private static ResultCacheNotificationListener Registered(long? ttlSeconds, string channel = "fraiseql_cache", bool enabled = true)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IHostEnvironment>(new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { EnvironmentName = "Production" });
        services.AddSingleton(Schema(ttlSeconds));
        services.AddFraiseQLPostgres(o =>
        {
            o.ConnectionString = "Host=127.0.0.1;Database=shop";
            o.ResultCacheNotifyChannel = channel;
            o.ResultCacheEnabled = enabled;
        });
        var provider = services.BuildServiceProvider();
        var listener = provider.GetRequiredService<ResultCacheNotificationListener>();
        Assert.Contains(provider.GetServices<IHostedService>(), h => ReferenceEquals(h, listener));
        return listener;
    }

    [Fact]
    public void AddFraiseQLPostgres_runs_it_only_for_a_service_that_caches()
    {
        Assert.True(Registered(ttlSeconds: 30).IsActive);
        Assert.False(Registered(ttlSeconds: null).IsActive);
        Assert.False(Registered(ttlSeconds: 30, enabled: false).IsActive);
        Assert.False(Registered(ttlSeconds: 30, channel: "").IsActive);
    }

    [Fact]
    public void The_trigger_sources_are_the_relations_cached_queries_read()
    {
        var schema = new SchemaIndex(new SchemaDescriptor
        {
            ServiceName = "shop",
            Types =
            [
                new ObjectTypeDescriptor { Name = "Order", SqlSource = "v_order", Fields = [new FieldDescriptor { Name = "id", StorageKey = "id", Type = "ID!" }] },
            ],
            Queries =
            [
                new QueryDescriptor { Name = "orders", ReturnType = "Order", ReturnsList = true, SqlSource = "\"app\".\"v_order\"", CacheTtlSeconds = 30, AdditionalViews = ["v_item"] },
                new QueryDescriptor { Name = "stats", ReturnType = "Order", SqlSource = "tv_stats", CacheTtlSeconds = 5 },
                new QueryDescriptor { Name = "fresh", ReturnType = "Order", SqlSource = "v_fresh" },
            ],
        });

        Assert.Equal(["\"app\".\"v_order\"", "tv_stats", "v_item"], ResultCacheTriggers.CachedSources(schema));
    }
}
