namespace FraiseQL.Events;

/// <summary>[observers.consumer]: defaults of every durable consumer this service creates.</summary>
public sealed class EventConsumerOptions
{
    public int AckWaitMs { get; set; } = 30_000;

    /// <summary>Delivery attempts before the event is dead-lettered (default 5).</summary>
    public int MaxDeliver { get; set; } = 5;

    /// <summary>Redelivery delays after failed attempts 1, 2, …; the last value repeats.</summary>
    public int[] BackoffMs { get; set; } = [1_000, 5_000, 15_000, 30_000];

    public int MaxAckPending { get; set; } = 1_000;

    /// <summary>Events one instance applies at the same time per consumer (each in its own transaction).
    /// 1 = strictly in stream order per instance; higher values trade order for throughput.</summary>
    public int MaxConcurrentHandlers { get; set; } = 8;

    /// <summary>
    /// Events applied together in one transaction (one round trip) when several are waiting; each still gets its own
    /// inbox row and its own identity settings, and is acknowledged after the COMMIT. If any handler in the group fails
    /// the group rolls back and its events are applied one by one (retries and dead letters per event). 1 = every
    /// event in a transaction of its own.
    /// </summary>
    public int MaxEventsPerTransaction { get; set; } = 32;

    /// <summary>Messages pulled per request by a consuming instance.</summary>
    public int FetchBatchSize { get; set; } = 100;
}
