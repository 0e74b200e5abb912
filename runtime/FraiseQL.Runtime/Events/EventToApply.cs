using NATS.Client.Core;

namespace FraiseQL.Events;

/// <summary>One delivered event for <see cref="EventHandlerInvoker.InvokeBatchAsync"/>: its id, payload, headers (identity) and subject.</summary>
public readonly record struct EventToApply(Guid EventId, string PayloadJson, NatsHeaders? Headers, string Subject);
