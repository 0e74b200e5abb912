using System.Collections.Concurrent;

namespace FraiseQL.Sql;

/// <summary>
/// One counter per view (<see cref="ViewName"/>): a successful mutation bumps the counters of the views it writes,
/// and a cached result is served only while the counters of the views it read still have the values they had before
/// its statement ran. A result read concurrently with a write is therefore never served after the write's bump, even
/// if it was stored after it.
/// </summary>
internal sealed class ViewVersions
{
    private readonly ConcurrentDictionary<string, ViewVersion> _views = new(StringComparer.Ordinal);

    public ViewVersion For(string view) => _views.GetOrAdd(ViewName.Normalize(view), static _ => new ViewVersion());

    public void Invalidate(IEnumerable<string> views)
    {
        foreach (var view in views)
        {
            For(view).Bump();
        }
    }
}

/// <summary>The write counter of one view.</summary>
internal sealed class ViewVersion
{
    private long _value;

    public long Value => Volatile.Read(ref _value);

    public void Bump() => Interlocked.Increment(ref _value);
}
