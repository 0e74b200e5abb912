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
        views.InvalidateFromPeer(["v_order"]);

        Assert.Equal(["v_order", "v_product"], Assert.Single(announced));
        Assert.Equal(2, views.For("v_order").Value);
        Assert.Equal(1, views.For("v_product").Value);
    }

    [Fact]
    public void Bumping_all_drops_every_cached_result()
    {
        var cache = new QueryResultCache(100, 1_000_000);
        ViewVersion[] read = [cache.Views.All, cache.Views.For("v_order")];
        cache.Add("k", [1], read, QueryResultCache.Snapshot(read), 60_000);
        Assert.True(cache.TryGet("k", out _));

        cache.Views.All.Bump();

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
