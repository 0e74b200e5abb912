namespace FraiseQL.Hosting;

/// <summary>
/// Lets a warning that every request repeats during an outage (PostgreSQL unreachable: thousands a second) through
/// once per interval, and counts the ones held back, so the next one that passes can say how many there were.
/// </summary>
internal sealed class RepeatedWarningThrottle(TimeSpan interval, Func<long>? clockMs = null)
{
    /// <summary>The interval the runtime's outage warnings use.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(10);

    private readonly long _intervalMs = (long)interval.TotalMilliseconds;
    private readonly Func<long> _clockMs = clockMs ?? (static () => Environment.TickCount64);
    private long _nextMs = long.MinValue;
    private int _heldBack;

    /// <summary>True when this occurrence is to be logged; <paramref name="heldBack"/> is then the number of occurrences
    /// held back since the last one logged.</summary>
    public bool TryPass(out int heldBack)
    {
        var now = _clockMs();
        var next = Volatile.Read(ref _nextMs);
        if (now >= next && Interlocked.CompareExchange(ref _nextMs, now + _intervalMs, next) == next)
        {
            heldBack = Interlocked.Exchange(ref _heldBack, 0);
            return true;
        }
        Interlocked.Increment(ref _heldBack);
        heldBack = 0;
        return false;
    }
}
