namespace FraiseQL.Events;

/// <summary>An outbox message NATS could never take, with the reason (<see cref="UnpublishableMessage"/>).</summary>
public sealed record RejectedOutboxMessage(OutboxMessage Message, string Reason);
