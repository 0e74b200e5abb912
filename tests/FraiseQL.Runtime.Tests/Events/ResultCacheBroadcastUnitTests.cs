using FraiseQL.Events;
using FraiseQL.Sql;
using Xunit;

namespace FraiseQL.Runtime.Tests.Events;

/// <summary>
/// The parts of cross-instance invalidation that need no NATS: local invalidations are handed to the broadcaster with
/// normalized names, a peer's are applied without being announced again, the "all" counter drops every result, and the
/// announcement format round-trips and rejects anything but an array of strings.
/// </summary>
public sealed class ResultCacheBroadcastUnitTests
{
    [Fact]
    public void Local_invalidations_are_announced_and_peer_ones_are_not()
    {
        var views = new ResultCacheViews();
        var announced = new List<IReadOnlyList<string>>();
        views.Broadcast = announced.Add;

        views.Invalidate("\"app\".\"V_Order\"", "v_product");
        views.InvalidateFromPeer(["v_order"], InvalidationSource.Nats);

        Assert.Equal(["v_order", "v_product"], Assert.Single(announced));
        Assert.Equal(2, views.For("v_order").Value);
        Assert.Equal(1, views.For("v_product").Value);
    }

    [Fact]
    public void Invalidations_are_counted_by_source_and_scope()
    {
        var seen = new List<(string Source, string Scope)>();
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "fraiseql.result_cache.invalidations")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        var views = new ResultCacheViews();
        listener.SetMeasurementEventCallback<long>((_, _, tags, state) =>
        {
            string? source = null, scope = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "source") { source = (string?)tag.Value; }
                if (tag.Key == "scope") { scope = (string?)tag.Value; }
            }
            if (source is "application" or "postgres" or "nats" && scope is not null)
            {
                lock (seen) { seen.Add((source, scope)); }
            }
        });
        listener.Start();

        views.Invalidate("v_order");
        views.Invalidate([]); // nothing named: not an invalidation
        views.InvalidateFromPeer(["v_order"], InvalidationSource.Postgres);
        views.InvalidateAll(InvalidationSource.Nats);

        lock (seen)
        {
            Assert.Contains(("application", "views"), seen);
            Assert.Contains(("postgres", "views"), seen);
            Assert.Contains(("nats", "all"), seen);
        }
    }

    [Fact]
    public void Bumping_all_drops_every_cached_result()
    {
        var cache = new QueryResultCache(100, 1_000_000);
        ViewVersion[] read = [cache.Views.All, cache.Views.For("v_order")];
        cache.Add("k", [1], read, QueryResultCache.Snapshot(read), 60_000);
        Assert.True(cache.TryGet("k", out _));

        cache.Views.InvalidateAll(InvalidationSource.Nats);

        Assert.False(cache.TryGet("k", out _));
    }

    [Fact]
    public void Announcements_round_trip_and_malformed_ones_are_rejected()
    {
        var bytes = ResultCacheBroadcaster.Serialize(["v_order", "v \"quoted\""]);
        Assert.Equal(["v_order", "v \"quoted\""], ResultCacheBroadcaster.Deserialize(bytes));
        Assert.Null(ResultCacheBroadcaster.Deserialize("{\"v\":1}"u8.ToArray()));
        Assert.Null(ResultCacheBroadcaster.Deserialize("[\"a\", 3]"u8.ToArray()));
        Assert.Null(ResultCacheBroadcaster.Deserialize("[\"a\""u8.ToArray()));
        Assert.Null(ResultCacheBroadcaster.Deserialize(null));
    }
}
