namespace FraiseQL.Configuration;

/// <summary>[observers] — NATS JetStream eventing (consumed by the events subsystem).</summary>
public sealed class ObserversConfig
{
    /// <summary>"nats" (the only supported backend).</summary>
    public string Backend { get; init; } = "nats";
    public string? NatsUrl { get; init; }
    /// <summary>Service name used for durable consumer names and headers; defaults to [project] name.</summary>
    public string? ServiceName { get; init; }
    public StreamConfig Stream { get; init; } = new();
    public ConsumerConfig Consumer { get; init; } = new();
    public DeadLetterConfig DeadLetter { get; init; } = new();
    public OutboxConfig Outbox { get; init; } = new();
    /// <summary>[observers.credentials]; relative file paths are resolved against the folder of fraiseql.toml.</summary>
    public FraiseQL.Runtime.Security.Nats.NatsCredentialOptions Credentials { get; init; } = new();
    public IReadOnlyList<PublishConfig> Publish { get; init; } = [];
    public IReadOnlyList<SubscribeConfig> Subscribe { get; init; } = [];
    public IReadOnlyList<RequestConfig> Request { get; init; } = [];
    public IReadOnlyList<RespondConfig> Respond { get; init; } = [];
}

/// <summary>[observers.stream]</summary>
public sealed class StreamConfig
{
    /// <summary>Stream name; null = derived from the subjects (e.g. FRAISEQL_ORDER).</summary>
    public string? Name { get; init; }
    /// <summary>"file" or "memory".</summary>
    public string Storage { get; init; } = "file";
    /// <summary>"limits", "interest" or "workqueue".</summary>
    public string Retention { get; init; } = "limits";
    /// <summary>Maximum age, e.g. "7d", "24h" (null = unlimited).</summary>
    public string? MaxAge { get; init; } = "7d";
    public int Replicas { get; init; } = 1;
    public long? MaxBytes { get; init; }
}

/// <summary>[observers.consumer]</summary>
public sealed class ConsumerConfig
{
    public int AckWaitMs { get; init; } = 30_000;
    public int MaxDeliver { get; init; } = 5;
    public IReadOnlyList<int> BackoffMs { get; init; } = [1000, 5000, 15000, 30000];
    public int MaxAckPending { get; init; } = 1000;
    public int MaxConcurrentHandlers { get; init; } = 8;
    public int MaxEventsPerTransaction { get; init; } = 32;
    public int FetchBatchSize { get; init; } = 100;
}

/// <summary>[observers.dead_letter]</summary>
public sealed class DeadLetterConfig
{
    public string SubjectPrefix { get; init; } = "fraiseql.dlq";
}

/// <summary>[observers.outbox]</summary>
public sealed class OutboxConfig
{
    public int PollIntervalMs { get; init; } = 500;
    public int BatchSize { get; init; } = 100;
    public int MaxBackoffMs { get; init; } = 30_000;
    public int MaxInFlight { get; init; } = 256;
    public int InitialBackoffMs { get; init; } = 100;
    /// <summary>Sent rows are deleted after this many hours (0 = kept).</summary>
    public int RetainSentHours { get; init; } = 24;
    /// <summary>Committed events of this process go to JetStream straight from memory (the claim path still covers every row).</summary>
    public bool PublishCommittedDirectly { get; init; } = true;
}

/// <summary>[[observers.publish]]</summary>
public sealed class PublishConfig
{
    public required string Mutation { get; init; }
    public required string Subject { get; init; }
    public string? SubscriptionTopic { get; init; }
}

/// <summary>[[observers.subscribe]]</summary>
public sealed class SubscribeConfig
{
    public required string Subject { get; init; }
    public required string Handler { get; init; }
    public int? MaxDeliver { get; init; }
    public int? AckWaitMs { get; init; }
}

/// <summary>[[observers.request]] — resolve a query by NATS request–reply.</summary>
public sealed class RequestConfig
{
    public required string Query { get; init; }
    public required string Subject { get; init; }
    public int TimeoutMs { get; init; } = 2000;
    public int Retries { get; init; }
}

/// <summary>[[observers.respond]] — answer requests on a subject with a SQL function.</summary>
public sealed class RespondConfig
{
    public required string Subject { get; init; }
    public required string Handler { get; init; }
}
