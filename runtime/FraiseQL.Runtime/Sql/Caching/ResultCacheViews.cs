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
    public void Invalidate(IEnumerable<string> views)
    {
        var names = Bump(views);
        if (names.Count > 0)
        {
            Broadcast?.Invoke(names);
        }
    }

    /// <summary>Every cached result counts the <see cref="All"/> counter as read: bumping it drops them all.</summary>
    internal ViewVersion All { get; } = new();

    /// <summary>Set by the broadcaster: called with the normalized names of every local invalidation.</summary>
    internal Action<IReadOnlyList<string>>? Broadcast { get; set; }

    /// <summary>An invalidation another instance announced: applied here, not announced again.</summary>
    internal void InvalidateFromPeer(IEnumerable<string> views) => Bump(views);

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
