namespace FraiseQL.Sql;

/// <summary>The write counter of one view (<see cref="ResultCacheViews"/>).</summary>
internal sealed class ViewVersion
{
    private long _value;

    public long Value => Volatile.Read(ref _value);

    public void Bump() => Interlocked.Increment(ref _value);
}
