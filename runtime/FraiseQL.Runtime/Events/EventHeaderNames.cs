namespace FraiseQL.Events;

/// <summary>NATS header names of the FraiseQL event envelope.</summary>
public static class EventHeaderNames
{
    public const string MessageId = "Nats-Msg-Id";
    public const string EventId = "FraiseQL-Event-Id";
    public const string Subject = "FraiseQL-Subject";
    public const string Source = "FraiseQL-Source";
    public const string Mutation = "FraiseQL-Mutation";
    public const string EntityType = "FraiseQL-Entity-Type";
    public const string EntityId = "FraiseQL-Entity-Id";
    public const string Operation = "FraiseQL-Operation";
    public const string TraceParent = "traceparent";
    public const string CorrelationId = "X-Correlation-Id";
    public const string Principal = "FraiseQL-Principal";
    public const string Roles = "FraiseQL-Roles";
    public const string Tenant = "FraiseQL-Tenant";
    /// <summary>Prefix of one header per audit tag: <c>FraiseQL-Audit-&lt;tag&gt;</c>.</summary>
    public const string AuditPrefix = "FraiseQL-Audit-";
    /// <summary>Set on a replayed dead letter: the dead_letter row id.</summary>
    public const string ReplayOf = "FraiseQL-Replay-Of";
    /// <summary>On a dead-letter message: the handler's last error.</summary>
    public const string Error = "FraiseQL-Error";
    /// <summary>On a request–reply error answer: the GraphQL error code.</summary>
    public const string ErrorCode = "FraiseQL-Error-Code";
    /// <summary>On a dead-letter message: the consumer that gave up.</summary>
    public const string DeadLetterConsumer = "FraiseQL-Dead-Letter-Consumer";
}
