namespace FraiseQL.Events;

/// <summary>[observers.outbox]: the relay from fraiseql.outbox to JetStream.</summary>
public sealed class OutboxOptions
{
    /// <summary>Longest sleep between outbox scans when no NOTIFY arrives.</summary>
    public int PollIntervalMs { get; set; } = 500;

    /// <summary>Rows claimed per relay transaction.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>JetStream publish acks outstanding at once per subject (1 = publish, await ack, publish next).</summary>
    public int MaxInFlight { get; set; } = 256;

    /// <summary>First back-off after a NATS failure; doubles per failure up to <see cref="MaxBackoffMs"/> (with jitter).</summary>
    public int InitialBackoffMs { get; set; } = 100;

    public int MaxBackoffMs { get; set; } = 30_000;

    /// <summary>
    /// Publish the events of this process's own mutations straight after their COMMIT, from memory, instead of waiting
    /// for the next claim of the outbox (one round trip and one relay cycle less between commit and consumer). The
    /// outbox row is written either way; a crash or NATS failure leaves it to the claim path.
    /// </summary>
    public bool PublishCommittedDirectly { get; set; } = true;

    /// <summary>Sent rows older than this are deleted by the relay (hours; 0 = keep forever).</summary>
    public int RetainSentHours { get; set; } = 24;
}
