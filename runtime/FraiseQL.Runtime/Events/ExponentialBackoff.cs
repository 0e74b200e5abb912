namespace FraiseQL.Events;

/// <summary>Capped exponential back-off with full jitter in [delay/2, delay]; <see cref="Reset"/> after a success.</summary>
public sealed class ExponentialBackoff(TimeSpan initial, TimeSpan max)
{
    private int _failures;

    public int Failures => _failures;

    public TimeSpan Next()
    {
        var exp = Math.Min(_failures, 20);
        _failures++;
        var ms = Math.Min(initial.TotalMilliseconds * Math.Pow(2, exp), max.TotalMilliseconds);
        var jittered = (ms / 2) + (Random.Shared.NextDouble() * ms / 2);
        return TimeSpan.FromMilliseconds(Math.Max(1, jittered));
    }

    public void Reset() => _failures = 0;
}
