namespace FraiseQL.Http;

/// <summary>
/// Waits for a caller's credentials to expire (<see cref="FraiseQL.Execution.RequestContext.ExpiresAt"/>), for the
/// connections that outlive a request: a WebSocket closes then, a Server-Sent Events stream ends.
/// </summary>
internal static class CredentialExpiry
{
    /// <summary>The longest single timer wait (timers accept at most about 49 days).</summary>
    private static readonly TimeSpan MaxTimerDelay = TimeSpan.FromDays(30);

    /// <summary>Added to a wait so that it ends after the expiry rather than a moment before it.</summary>
    private static readonly TimeSpan TimerSlack = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// Completes once <paramref name="expiresAt"/> has passed by the wall clock: a timer may fire a moment early, and one
    /// wait is at most <see cref="MaxTimerDelay"/>, so it waits again until it is time. Throws
    /// <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> ends the wait first.
    /// </summary>
    public static async Task WaitAsync(DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        for (var left = expiresAt - DateTimeOffset.UtcNow; left > TimeSpan.Zero; left = expiresAt - DateTimeOffset.UtcNow)
        {
            await Task.Delay(left < MaxTimerDelay ? left + TimerSlack : MaxTimerDelay, cancellationToken).ConfigureAwait(false);
        }
    }
}
