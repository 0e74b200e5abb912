namespace FraiseQL.Events;

/// <summary>
/// What <see cref="OutboxPublisher"/> did with a batch: the ids JetStream acknowledged, those it did not (retried
/// later), the first error, and the messages NATS could never take (<see cref="UnpublishableMessage"/>: never sent;
/// the relay dead-letters them).
/// </summary>
public sealed record OutboxPublishOutcome(List<Guid> Acked, List<Guid> Failed, string? Error, List<RejectedOutboxMessage> Rejected);
