using Npgsql;

namespace FraiseQL.Events;

/// <summary>How a mutation's events are written and committed: the one place that knows <see cref="IMutationEventSink.PrepareWrite"/>.</summary>
public static class MutationEventSinkExtensions
{
    /// <summary>
    /// Writes <paramref name="events"/> inside <paramref name="transaction"/> and commits it. Prepared writes and COMMIT
    /// travel in one batch (one round trip); a sink without <see cref="IMutationEventSink.PrepareWrite"/> writes through
    /// <see cref="IMutationEventSink.WriteAsync"/> first. A failing write skips the COMMIT (the batch has one Sync) and the
    /// transaction's dispose rolls back. After the COMMIT each prepared write is told it committed.
    /// </summary>
    public static async Task WriteAndCommitAsync(this IMutationEventSink sink, NpgsqlConnection connection, NpgsqlTransaction transaction,
        IEnumerable<MutationEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(events);
        await using var batch = new NpgsqlBatch(connection, transaction);
        var writes = new List<PendingEventWrite>();
        foreach (var mutationEvent in events)
        {
            if (sink.PrepareWrite(mutationEvent) is { } write)
            {
                batch.BatchCommands.Add(write.Command);
                writes.Add(write);
            }
            else
            {
                await sink.WriteAsync(connection, transaction, mutationEvent, cancellationToken).ConfigureAwait(false);
            }
        }
        batch.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        foreach (var write in writes)
        {
            write.Committed();
        }
    }
}
