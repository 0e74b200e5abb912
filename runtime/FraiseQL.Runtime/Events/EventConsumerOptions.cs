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

    /// <summary>Messages pulled per request by a consuming instance.</summary>
    public int FetchBatchSize { get; set; } = 100;
}
