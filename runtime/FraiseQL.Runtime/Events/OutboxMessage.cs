namespace FraiseQL.Events;

/// <summary>
/// One <c>fraiseql.outbox</c> row as the relay publishes it: event id (the <c>Nats-Msg-Id</c>), subject, body and envelope
/// headers (already parsed: from the row's JSON on the claim path, as built by the sink on the direct path).
/// </summary>
public sealed record OutboxMessage(Guid Id, string Subject, string PayloadJson, IReadOnlyList<KeyValuePair<string, string>> Headers);
