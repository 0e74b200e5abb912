namespace FraiseQL.Events;

/// <summary>What <see cref="OutboxPublisher"/> did with a batch: the ids JetStream acknowledged, those it did not, and the first error.</summary>
public sealed record OutboxPublishOutcome(List<Guid> Acked, List<Guid> Failed, string? Error);
