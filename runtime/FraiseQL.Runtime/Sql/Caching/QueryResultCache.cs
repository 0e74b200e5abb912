using System.Collections.Concurrent;
using FraiseQL.Schema;

namespace FraiseQL.Sql;

/// <summary>
/// The per-query result cache: the JSON a root query field wrote, kept for the query's <c>cache_ttl_seconds</c> under a
/// key of everything that decides that JSON (<see cref="ResultCacheKey"/>), and dropped early when a mutation writes one
/// of the views it read (<see cref="ResultCacheViews"/>). Bounded by entries and bytes: past either bound, results that no
/// longer count go first, then those nearest their expiry. One process's memory; other instances and writes that do not
/// go through this service's mutations are seen when the entry expires.
/// </summary>
internal sealed class QueryResultCache
{
    // what an entry costs besides its JSON and key: the entry object, its arrays and the dictionary node
    private const int EntryOverheadBytes = 128;

    private readonly ConcurrentDictionary<string, CachedResult> _entries = new(StringComparer.Ordinal);
    private readonly object _trimLock = new();
    private readonly int _maxEntries;
    private readonly long _maxBytes;
    private readonly Func<long> _clockMs;
    private long _bytes;

    public QueryResultCache(int maxEntries, long maxBytes, ResultCacheViews? views = null, Func<long>? clockMs = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxEntries);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        _maxEntries = maxEntries;
        _maxBytes = maxBytes;
        _clockMs = clockMs ?? (static () => Environment.TickCount64);
        Views = views ?? new ResultCacheViews();
    }

    public ResultCacheViews Views { get; }

    /// <summary>
    /// Whether a service caches results at all: [caching] is on and a query answered by PostgreSQL declares
    /// <c>cache_ttl_seconds</c>. The executor keeps a cache, and the broadcaster runs, only then.
    /// </summary>
    public static bool IsUsed(FraiseQLPostgresOptions options, IEnumerable<QueryDescriptor> queries) =>
        options.ResultCacheEnabled && queries.Any(Caches);

    /// <summary>Whether <paramref name="query"/>'s results are kept: it declares <c>cache_ttl_seconds</c> and PostgreSQL answers it.</summary>
    public static bool Caches(QueryDescriptor query) => query.CacheTtlSeconds is > 0 && query.Remote is null;

    public int Count => _entries.Count;

    /// <summary>Bytes the entries take (JSON, keys and bookkeeping).</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>A result too large to keep: more than a tenth of the byte bound.</summary>
    public long MaxEntryBytes => _maxBytes / 10;

    public bool TryGet(string key, out byte[] json)
    {
        if (_entries.TryGetValue(key, out var entry))
        {
            if (entry.IsCurrent(_clockMs()))
            {
                json = entry.Json;
                return true;
            }
            Remove(key, entry);
        }
        json = [];
        return false;
    }

    /// <summary>The counters of <paramref name="views"/> now: taken before the statement runs, passed to <see cref="Add"/>.</summary>
    public static long[] Snapshot(ViewVersion[] views)
    {
        var values = new long[views.Length];
        for (var i = 0; i < views.Length; i++)
        {
            values[i] = views[i].Value;
        }
        return values;
    }

    /// <summary>
    /// Keeps <paramref name="json"/> for <paramref name="ttlMs"/>, unless a mutation wrote one of <paramref name="views"/>
    /// after <paramref name="versionsBefore"/> were taken (the result may predate the write), or it is too large.
    /// </summary>
    public void Add(string key, byte[] json, ViewVersion[] views, long[] versionsBefore, long ttlMs)
    {
        var size = json.Length + (2L * key.Length) + EntryOverheadBytes;
        if (size > MaxEntryBytes)
        {
            return;
        }
        var now = _clockMs();
        var entry = new CachedResult(json, now + ttlMs, views, versionsBefore, size);
        if (!entry.IsCurrent(now))
        {
            return;
        }
        while (true)
        {
            if (_entries.TryGetValue(key, out var old))
            {
                if (_entries.TryUpdate(key, entry, old))
                {
                    Interlocked.Add(ref _bytes, size - old.Size);
                    break;
                }
            }
            else if (_entries.TryAdd(key, entry))
            {
                Interlocked.Add(ref _bytes, size);
                break;
            }
        }
        if (_entries.Count > _maxEntries || Bytes > _maxBytes)
        {
            Trim(now);
        }
    }

    /// <summary>Drops every entry (e.g. after a schema change or for tests).</summary>
    public void Clear()
    {
        foreach (var pair in _entries)
        {
            Remove(pair.Key, pair.Value);
        }
    }

    private void Trim(long now)
    {
        lock (_trimLock)
        {
            if (_entries.Count <= _maxEntries && Bytes <= _maxBytes)
            {
                return;
            }
            var live = new List<KeyValuePair<string, CachedResult>>(_entries.Count);
            foreach (var pair in _entries)
            {
                if (pair.Value.IsCurrent(now))
                {
                    live.Add(pair);
                }
                else
                {
                    Remove(pair.Key, pair.Value);
                }
            }
            // down to nine tenths of each bound, so the next additions do not trim again at once
            var entryTarget = _maxEntries - (_maxEntries / 10);
            var byteTarget = _maxBytes - (_maxBytes / 10);
            if (_entries.Count <= entryTarget && Bytes <= byteTarget)
            {
                return;
            }
            live.Sort(static (a, b) => a.Value.ExpiresAtMs.CompareTo(b.Value.ExpiresAtMs));
            foreach (var pair in live)
            {
                if (_entries.Count <= entryTarget && Bytes <= byteTarget)
                {
                    break;
                }
                Remove(pair.Key, pair.Value);
            }
        }
    }

    private void Remove(string key, CachedResult entry)
    {
        if (_entries.TryRemove(new KeyValuePair<string, CachedResult>(key, entry)))
        {
            Interlocked.Add(ref _bytes, -entry.Size);
        }
    }
}
