using System.Text;
using FraiseQL.Sql;
using Npgsql;
using NpgsqlTypes;
using Xunit;

namespace FraiseQL.Runtime.Tests.Sql;

/// <summary>
/// The result cache on its own: a result is served until its time runs out or a mutation writes a view it read, a
/// result read across such a write is never kept, and the cache stays within its entry and byte bounds.
/// </summary>
public sealed class QueryResultCacheTests
{
    private long _now = 1_000;

    private QueryResultCache NewCache(int maxEntries = 100, long maxBytes = 1_000_000) => new(maxEntries, maxBytes, clockMs: () => _now);

    private static byte[] Json(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public void A_result_is_served_until_its_ttl_runs_out()
    {
        var cache = NewCache();
        var views = new[] { cache.Views.For("v_order") };
        cache.Add("k", Json("[1]"), views, QueryResultCache.Snapshot(views), ttlMs: 5_000);

        _now += 4_999;
        Assert.True(cache.TryGet("k", out var json));
        Assert.Equal("[1]", Encoding.UTF8.GetString(json));

        _now += 1;
        Assert.False(cache.TryGet("k", out _));
        Assert.Equal(0, cache.Count);
        Assert.Equal(0, cache.Bytes);
    }

    [Fact]
    public void A_write_to_a_view_it_read_drops_the_result_and_only_those()
    {
        var cache = NewCache();
        var orders = new[] { cache.Views.For("\"v_order\"") };
        var products = new[] { cache.Views.For("v_product") };
        cache.Add("orders", Json("[1]"), orders, QueryResultCache.Snapshot(orders), 60_000);
        cache.Add("products", Json("[2]"), products, QueryResultCache.Snapshot(products), 60_000);

        cache.Views.Invalidate(["app.V_Order"]);

        Assert.False(cache.TryGet("orders", out _));
        Assert.True(cache.TryGet("products", out _));
    }

    [Fact]
    public void A_result_read_while_a_mutation_wrote_its_view_is_not_kept()
    {
        var cache = NewCache();
        var views = new[] { cache.Views.For("v_order") };
        var before = QueryResultCache.Snapshot(views); // taken before the statement ran
        cache.Views.Invalidate(["v_order"]);          // a mutation committed while it ran
        cache.Add("k", Json("[\"old\"]"), views, before, 60_000);

        Assert.False(cache.TryGet("k", out _));
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void Past_the_entry_bound_the_entries_nearest_expiry_go_first()
    {
        var cache = NewCache(maxEntries: 10);
        var views = new[] { cache.Views.For("v_order") };
        for (var i = 0; i < 11; i++)
        {
            // entry i expires at 1,000 + 10,000 + i
            cache.Add($"k{i}", Json("[]"), views, QueryResultCache.Snapshot(views), 10_000 + i);
        }

        Assert.Equal(9, cache.Count); // trimmed to nine tenths
        Assert.False(cache.TryGet("k0", out _));
        Assert.False(cache.TryGet("k1", out _));
        Assert.True(cache.TryGet("k10", out _));
    }

    [Fact]
    public void The_byte_bound_holds_and_a_result_over_a_tenth_of_it_is_not_kept()
    {
        var cache = NewCache(maxBytes: 10_000);
        var views = new[] { cache.Views.For("v_order") };
        cache.Add("huge", new byte[1_000], views, QueryResultCache.Snapshot(views), 60_000);
        Assert.Equal(0, cache.Count);

        for (var i = 0; i < 40; i++)
        {
            cache.Add($"k{i}", new byte[500], views, QueryResultCache.Snapshot(views), 60_000 + i);
        }
        Assert.InRange(cache.Bytes, 1, 10_000);
        Assert.True(cache.TryGet("k39", out _));
    }

    [Fact]
    public void Replacing_a_key_counts_its_bytes_once()
    {
        var cache = NewCache();
        var views = new[] { cache.Views.For("v_order") };
        cache.Add("k", new byte[100], views, QueryResultCache.Snapshot(views), 60_000);
        var once = cache.Bytes;
        cache.Add("k", new byte[100], views, QueryResultCache.Snapshot(views), 60_000);

        Assert.Equal(once, cache.Bytes);
        cache.Clear();
        Assert.Equal((0, 0L), (cache.Count, cache.Bytes));
    }

    [Fact]
    public void Keys_differ_in_any_parameter_value_type_or_scope()
    {
        static NpgsqlParameter P(object? value, NpgsqlDbType type) => new() { Value = value ?? DBNull.Value, NpgsqlDbType = type };
        const string Sql = "SELECT $1, $2";
        var keys = new[]
        {
            ResultCacheKey.Create(Sql, [P("ab", NpgsqlDbType.Text), P("c", NpgsqlDbType.Text)], ""),
            ResultCacheKey.Create(Sql, [P("a", NpgsqlDbType.Text), P("bc", NpgsqlDbType.Text)], ""),
            ResultCacheKey.Create(Sql, [P("ab", NpgsqlDbType.Text), P(null, NpgsqlDbType.Text)], ""),
            ResultCacheKey.Create(Sql, [P("ab", NpgsqlDbType.Text), P("c", NpgsqlDbType.Text)], "5:alice"),
            ResultCacheKey.Create(Sql, [P(1L, NpgsqlDbType.Bigint), P("c", NpgsqlDbType.Text)], ""),
            ResultCacheKey.Create(Sql, [P(1L, NpgsqlDbType.Text), P("c", NpgsqlDbType.Text)], ""),
            ResultCacheKey.Create(Sql, [P(new[] { "a", "b" }, NpgsqlDbType.Array | NpgsqlDbType.Text), P("c", NpgsqlDbType.Text)], ""),
            ResultCacheKey.Create(Sql, [P(new[] { "a,b" }, NpgsqlDbType.Array | NpgsqlDbType.Text), P("c", NpgsqlDbType.Text)], ""),
            ResultCacheKey.Create(Sql, [P(true, NpgsqlDbType.Boolean), P(Guid.Empty, NpgsqlDbType.Uuid)], ""),
            ResultCacheKey.Create(Sql + " ", [P("ab", NpgsqlDbType.Text), P("c", NpgsqlDbType.Text)], ""),
        };

        Assert.All(keys, Assert.NotNull);
        Assert.Equal(keys.Length, keys.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(keys[0], ResultCacheKey.Create(Sql, [P("ab", NpgsqlDbType.Text), P("c", NpgsqlDbType.Text)], ""));
    }

    [Fact]
    public void A_parameter_value_the_key_cannot_spell_makes_the_query_uncached()
    {
        Assert.Null(ResultCacheKey.Create("SELECT $1", [new NpgsqlParameter { Value = new object(), NpgsqlDbType = NpgsqlDbType.Text }], ""));
    }

    [Theory]
    [InlineData("v_order", "v_order")]
    [InlineData("\"v_order\"", "v_order")]
    [InlineData("\"app\".\"v_order\"", "v_order")]
    [InlineData("app.V_Order", "v_order")]
    [InlineData("\"my.schema\".\"v_or\"\"der\"", "v_or\"der")]
    public void View_names_are_tracked_unqualified_unquoted_and_lower_cased(string view, string expected)
    {
        Assert.Equal(expected, ViewName.Normalize(view));
    }

    [Fact]
    public void Cascade_type_names_are_read_from_every_typename()
    {
        const string Cascade = """
            {"updated":[{"__typename":"Order","id":"1","entity":{"__typename":"OrderItem"}},{"__typename":"Order","id":"2"}],
             "deleted":[{"__typename":"Product","id":"3"}],"metadata":{"count":3}}
            """;
        Assert.Equal(["Order", "OrderItem", "Product"], CacheInvalidation.CascadeTypeNames(Cascade));
        Assert.Equal(["Order"], CacheInvalidation.CascadeTypeNames("""{"updated":[{"__typename":"Order"}],"""));
    }
}
