namespace FraiseQL.Events;

/// <summary>[observers.outbox]: the relay from fraiseql.outbox to JetStream.</summary>
public sealed class OutboxOptions
{
    /// <summary>Longest sleep between outbox scans when no NOTIFY arrives.</summary>
    public int PollIntervalMs { get; set; } = 500;

    /// <summary>Rows claimed per relay transaction.</summary>
    public int BatchSize { get; set; } = 200;

    /// <summary>First back-off after a NATS failure; doubles per failure up to <see cref="MaxBackoffMs"/> (with jitter).</summary>
    public int InitialBackoffMs { get; set; } = 100;

    public int MaxBackoffMs { get; set; } = 5_000;

    /// <summary>Sent rows older than this are deleted by the relay (hours; 0 = keep forever).</summary>
    public int RetainSentHours { get; set; } = 24;
}
