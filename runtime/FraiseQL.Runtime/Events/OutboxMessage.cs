namespace FraiseQL.Events;

/// <summary>One <c>fraiseql.outbox</c> row as the relay publishes it: event id (the <c>Nats-Msg-Id</c>), subject, body and envelope headers.</summary>
public sealed record OutboxMessage(Guid Id, string Subject, string PayloadJson, string HeadersJson);
