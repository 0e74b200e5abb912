using System.Collections.Concurrent;

namespace FraiseQL.Sql;

/// <summary>
/// Bounded cache of compiled SQL texts keyed by <see cref="StatementShapeKey"/> (never by
/// argument values). When it reaches its capacity it is emptied and refills with what is hot,
/// which keeps memory bounded without per-hit bookkeeping. Parameters are still collected per
/// request by the same compiler (in parameters-only mode), so a cached text always lines up
/// with its parameters.
/// </summary>
internal sealed class StatementCache(int capacity)
{
    private readonly ConcurrentDictionary<string, string> _texts = new(StringComparer.Ordinal);

    public int Count => _texts.Count;

    public bool TryGet(string key, out string sql) => _texts.TryGetValue(key, out sql!);

    public void Add(string key, string sql)
    {
        if (_texts.Count >= capacity)
        {
            _texts.Clear();
        }
        _texts[key] = sql;
    }
}
