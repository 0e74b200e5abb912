using System.Collections.Concurrent;

namespace FraiseQL.Sql;

/// <summary>
/// Bounded cache of compiled SQL texts keyed by <see cref="StatementShapeKey"/> (never by
/// argument values). When it reaches its capacity, in entries or in characters, it is emptied and
/// refills with what is hot, which keeps memory bounded without per-hit bookkeeping. A statement
/// longer than <see cref="MaxEntryChars"/> (a huge <c>orderBy</c> or <c>_or</c> from variables) is
/// not kept: it is compiled again per request, so requests cannot pin memory with many such shapes.
/// Parameters are still collected per request by the same compiler (in parameters-only mode), so a
/// cached text always lines up with its parameters.
/// </summary>
internal sealed class StatementCache(int capacity, long maxChars = StatementCache.DefaultMaxChars)
{
    /// <summary>Characters of keys and texts kept at most, by default (16 Mi characters, 32 MB).</summary>
    public const long DefaultMaxChars = 16L * 1024 * 1024;

    /// <summary>Key and text longer than this together are not kept.</summary>
    public const int MaxEntryChars = 64 * 1024;

    private readonly ConcurrentDictionary<string, string> _texts = new(StringComparer.Ordinal);
    private long _chars;

    public int Count => _texts.Count;

    /// <summary>Characters of the keys and texts kept now.</summary>
    public long Chars => Interlocked.Read(ref _chars);

    public bool TryGet(string key, out string sql) => _texts.TryGetValue(key, out sql!);

    public void Add(string key, string sql)
    {
        var size = key.Length + sql.Length;
        if (size > MaxEntryChars)
        {
            return;
        }
        if (_texts.Count >= capacity || Interlocked.Read(ref _chars) + size > maxChars)
        {
            _texts.Clear();
            Interlocked.Exchange(ref _chars, 0);
        }
        if (_texts.TryAdd(key, sql))
        {
            Interlocked.Add(ref _chars, size);
        }
    }
}
