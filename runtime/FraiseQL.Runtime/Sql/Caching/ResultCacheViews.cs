using System.Collections.Concurrent;

namespace FraiseQL.Sql;

/// <summary>
/// The result cache's record of writes: one counter per view (named as <see cref="ViewName"/> normalizes). A successful
/// mutation, and an event handler whose <c>[[observers.subscribe]]</c> entry lists <c>invalidates_views</c>, bump the
/// counters of the views they write; a cached result is served only while the counters of the views it read still
/// have the values they had before its statement ran, so a result read concurrently with a write is never served after
/// the write's bump, even if it was stored after it. One per service (registered by <c>AddFraiseQLPostgres</c>): inject
/// it to drop cached results after writes FraiseQL does not see, e.g. <c>views.Invalidate("v_order")</c> after your own
/// SQL.
/// </summary>
public sealed class ResultCacheViews
{
    private readonly ConcurrentDictionary<string, ViewVersion> _views = new(StringComparer.Ordinal);

    /// <summary>Drops every cached result that read one of <paramref name="views"/> (<c>v_order</c>, <c>"app"."v_order"</c>, …).</summary>
    public void Invalidate(params string[] views) => Invalidate((IEnumerable<string>)views);

    /// <inheritdoc cref="Invalidate(string[])"/>
    /// <remarks>With NATS configured, the other instances of the service drop them too (<c>ResultCacheBroadcaster</c>).</remarks>
    public void Invalidate(IEnumerable<string> views) => Invalidate(views, InvalidationSource.Application);

    /// <summary>A local invalidation by <paramref name="source"/> (<see cref="InvalidationSource"/>): counted and announced.</summary>
    internal void Invalidate(IEnumerable<string> views, string source)
    {
        var names = Bump(views);
        if (names.Count > 0)
        {
            Count(source, "views");
            Broadcast?.Invoke(names);
        }
    }

    /// <summary>Every cached result counts the <see cref="All"/> counter as read: bumping it drops them all.</summary>
    internal ViewVersion All { get; } = new();

    /// <summary>Set by the broadcaster: called with the normalized names of every local invalidation.</summary>
    internal Action<IReadOnlyList<string>>? Broadcast { get; set; }

    /// <summary>An invalidation another instance announced, or PostgreSQL notified: applied here, not announced again.</summary>
    internal void InvalidateFromPeer(IEnumerable<string> views, string source)
    {
        if (Bump(views).Count > 0)
        {
            Count(source, "views");
        }
    }

    /// <summary>Drops every cached result (bumps <see cref="All"/>), e.g. after a lost connection that may have missed invalidations.</summary>
    internal void InvalidateAll(string source)
    {
        All.Bump();
        Count(source, "all");
    }

    private static void Count(string source, string scope) =>
        FraiseQL.Hosting.FraiseQLTelemetry.ResultCacheInvalidations.Add(1,
            new KeyValuePair<string, object?>("source", source), new KeyValuePair<string, object?>("scope", scope));

    internal ViewVersion For(string view) => ForName(ViewName.Normalize(view));

    private List<string> Bump(IEnumerable<string> views)
    {
        ArgumentNullException.ThrowIfNull(views);
        var names = new List<string>();
        foreach (var view in views)
        {
            var name = ViewName.Normalize(view);
            ForName(name).Bump();
            names.Add(name);
        }
        return names;
    }

    private ViewVersion ForName(string normalized) => _views.GetOrAdd(normalized, static _ => new ViewVersion());
}
