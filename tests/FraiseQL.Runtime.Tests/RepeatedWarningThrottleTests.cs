using FraiseQL.Hosting;

namespace FraiseQL.Runtime.Tests;

public sealed class RepeatedWarningThrottleTests
{
    [Fact]
    public void Passes_the_first_occurrence_then_one_per_interval_counting_the_ones_held_back()
    {
        long now = 1_000;
        var throttle = new RepeatedWarningThrottle(TimeSpan.FromSeconds(10), () => now);

        Assert.True(throttle.TryPass(out var heldBack));
        Assert.Equal(0, heldBack);
        for (var i = 0; i < 2_000; i++)
        {
            now += 4; // 2,000 failures within 8 s
            Assert.False(throttle.TryPass(out _));
        }
        now = 11_000;
        Assert.True(throttle.TryPass(out heldBack));
        Assert.Equal(2_000, heldBack);
        Assert.False(throttle.TryPass(out _));
        now = 21_000;
        Assert.True(throttle.TryPass(out heldBack));
        Assert.Equal(1, heldBack);
    }

    [Fact]
    public void Concurrent_occurrences_let_exactly_one_through_per_interval()
    {
        var throttle = new RepeatedWarningThrottle(TimeSpan.FromHours(1));
        var passed = 0;
        Parallel.For(0, 10_000, _ =>
        {
            if (throttle.TryPass(out _))
            {
                Interlocked.Increment(ref passed);
            }
        });
        Assert.Equal(1, passed);
        Assert.False(throttle.TryPass(out _));
    }
}
