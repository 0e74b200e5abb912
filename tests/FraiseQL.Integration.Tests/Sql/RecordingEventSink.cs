using FraiseQL.Events;
using Npgsql;

namespace FraiseQL.Integration.Tests.Sql;

/// <summary>
/// Test <see cref="IMutationEventSink"/>: inserts a row into <c>test_outbox</c> on the mutation's own
/// connection and transaction (so it commits or rolls back with the mutation), records the
/// events, and can be told to fail after inserting.
/// </summary>
public sealed class RecordingEventSink : IMutationEventSink
{
    public const string TableSql = "CREATE TABLE test_outbox (id bigint GENERATED ALWAYS AS IDENTITY, subject text NOT NULL, entity_id uuid, payload jsonb NOT NULL, metadata jsonb);";

    public List<MutationEvent> Events { get; } = [];

    public bool FailAfterInsert { get; set; }

    /// <summary>Hand the executor the insert through <see cref="PrepareWrite"/> (sent in one batch with COMMIT) instead of <see cref="WriteAsync"/>.</summary>
    public bool PrepareInBatch { get; set; }

    /// <summary>With <see cref="PrepareInBatch"/>: the prepared insert violates a NOT NULL constraint.</summary>
    public bool FailInBatch { get; set; }

    /// <summary>How often a prepared write was told its transaction committed.</summary>
    public int CommittedCount => Volatile.Read(ref _committed);

    private int _committed;

    public PendingEventWrite? PrepareWrite(MutationEvent mutationEvent)
    {
        if (!PrepareInBatch)
        {
            return null;
        }
        var insert = new NpgsqlBatchCommand("INSERT INTO test_outbox (subject, entity_id, payload, metadata) VALUES ($1, $2, $3::jsonb, $4::jsonb)");
        insert.Parameters.AddWithValue(FailInBatch ? DBNull.Value : mutationEvent.Publish.Subject);
        insert.Parameters.AddWithValue((object?)mutationEvent.EntityId ?? DBNull.Value);
        insert.Parameters.AddWithValue(mutationEvent.EntityJson);
        insert.Parameters.AddWithValue((object?)mutationEvent.MetadataJson ?? DBNull.Value);
        lock (Events)
        {
            Events.Add(mutationEvent);
        }
        return new PendingEventWrite(insert, () => Interlocked.Increment(ref _committed));
    }

    public async ValueTask WriteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, MutationEvent mutationEvent, CancellationToken cancellationToken)
    {
        Assert.Same(connection, transaction.Connection);
        await using (var insert = new NpgsqlCommand("INSERT INTO test_outbox (subject, entity_id, payload, metadata) VALUES ($1, $2, $3::jsonb, $4::jsonb)", connection, transaction))
        {
            insert.Parameters.AddWithValue(mutationEvent.Publish.Subject);
            insert.Parameters.AddWithValue((object?)mutationEvent.EntityId ?? DBNull.Value);
            insert.Parameters.AddWithValue(mutationEvent.EntityJson);
            insert.Parameters.AddWithValue((object?)mutationEvent.MetadataJson ?? DBNull.Value);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        lock (Events)
        {
            Events.Add(mutationEvent);
        }
        if (FailAfterInsert)
        {
            throw new InvalidOperationException("outbox write failed (test)");
        }
    }
}
