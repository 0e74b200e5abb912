using System.Collections.Concurrent;

namespace FraiseQL.Sql;

/// <summary>
/// Concurrent misses of one result-cache key share one statement: the first request reads PostgreSQL, the ones that
/// arrive while it runs wait for its result instead of running the same statement again (after a mutation drops a
/// hot result, or when a TTL runs out under load). A waiting request takes the shared result only if no mutation wrote
/// one of its views between the first request's start and its own arrival, so a caller never gets a result older than
/// a write that completed before it asked; otherwise, or if the first request fails, it reads PostgreSQL itself.
/// </summary>
internal sealed class ResultCacheFlights
{
    private readonly ConcurrentDictionary<string, ResultCacheFlight> _flights = new(StringComparer.Ordinal);

    public int Count => _flights.Count;

    /// <summary>
    /// True when the caller leads (it runs the statement and must <see cref="Land"/> the flight); false when another
    /// request already reads this key (<paramref name="flight"/> is that request's).
    /// </summary>
    public bool TryLead(string key, long[] versionsBefore, out ResultCacheFlight flight)
    {
        var mine = new ResultCacheFlight(versionsBefore);
        flight = _flights.GetOrAdd(key, mine);
        return ReferenceEquals(flight, mine);
    }

    /// <summary>Ends a flight with its JSON, or null when the statement failed (the waiting requests then read their own).</summary>
    public void Land(string key, ResultCacheFlight flight, byte[]? json)
    {
        _flights.TryRemove(new KeyValuePair<string, ResultCacheFlight>(key, flight));
        flight.Complete(json);
    }
}
