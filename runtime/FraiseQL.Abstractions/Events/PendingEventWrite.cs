using Npgsql;

namespace FraiseQL.Events;

/// <summary>
/// An event write prepared by <see cref="IMutationEventSink.PrepareWrite"/>: the statement the executor sends in one batch
/// with the mutation's COMMIT, and what the sink does once that COMMIT has succeeded (e.g. hand the event to a relay).
/// </summary>
public sealed class PendingEventWrite(NpgsqlBatchCommand command, Action? committed = null)
{
    /// <summary>The statement that writes the event inside the mutation's transaction.</summary>
    public NpgsqlBatchCommand Command { get; } = command ?? throw new ArgumentNullException(nameof(command));

    /// <summary>Tells the sink that the transaction carrying <see cref="Command"/> committed. Call it once, after COMMIT.</summary>
    public void Committed() => committed?.Invoke();
}
