namespace FraiseQL.Sql;

/// <summary>One kept result: its JSON, when it expires and the view counters it was read under.</summary>
internal sealed class CachedResult(byte[] json, long expiresAtMs, ViewVersion[] views, long[] versions, long size)
{
    public byte[] Json { get; } = json;

    public long ExpiresAtMs { get; } = expiresAtMs;

    public long Size { get; } = size;

    public bool IsCurrent(long nowMs)
    {
        if (nowMs >= ExpiresAtMs)
        {
            return false;
        }
        for (var i = 0; i < views.Length; i++)
        {
            if (views[i].Value != versions[i])
            {
                return false;
            }
        }
        return true;
    }
}
