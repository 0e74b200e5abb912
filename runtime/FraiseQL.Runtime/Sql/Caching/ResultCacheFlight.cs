namespace FraiseQL.Sql;

/// <summary>One statement in progress for a result-cache key (<see cref="ResultCacheFlights"/>).</summary>
internal sealed class ResultCacheFlight(long[] versionsBefore)
{
    private readonly TaskCompletionSource<byte[]?> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The view counters the leading request took before its statement ran.</summary>
    public long[] VersionsBefore { get; } = versionsBefore;

    /// <summary>The JSON the statement wrote, or null when it failed.</summary>
    public Task<byte[]?> Result => _done.Task;

    public void Complete(byte[]? json) => _done.TrySetResult(json);
}
