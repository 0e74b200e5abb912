using FraiseQL.Execution;
using FraiseQL.Schema;
using Npgsql;

namespace FraiseQL.Events;

/// <summary>
/// Called by the mutation executor inside the mutation's own transaction, after the function
/// returned a successful, state-changing mutation_response and before COMMIT. The events
/// implementation writes the outbox rows here (transactional outbox), so the event commits
/// or rolls back with the mutation.
/// </summary>
public interface IMutationEventSink
{
    /// <summary>Writes the event on the mutation's connection, inside its transaction.</summary>
    ValueTask WriteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, MutationEvent mutationEvent, CancellationToken cancellationToken);

    /// <summary>
    /// Prepares the write for the executor to send in one batch with the mutation's COMMIT (one round trip instead of
    /// two), and to report the commit back through <see cref="PendingEventWrite.Committed"/>; <c>null</c> (the default)
    /// makes the executor call <see cref="WriteAsync"/> and commit after it.
    /// </summary>
    PendingEventWrite? PrepareWrite(MutationEvent mutationEvent) => null;
}

/// <summary>What a committed mutation publishes (one per [[observers.publish]] entry).</summary>
public sealed class MutationEvent
{
    public required PublishDescriptor Publish { get; init; }
    public required MutationDescriptor Mutation { get; init; }
    /// <summary>mutation_response.entity (snake_case keys, as stored), JSON text; "null" when absent.</summary>
    public required string EntityJson { get; init; }
    /// <summary>mutation_response.metadata JSON text, or null.</summary>
    public string? MetadataJson { get; init; }
    public string? EntityType { get; init; }
    public Guid? EntityId { get; init; }
    public required RequestContext Context { get; init; }
}
