namespace FraiseQL.Events;

/// <summary>
/// Settings of the events runtime; mirrors fraiseql.toml <c>[observers]</c> and its sub-tables
/// (the integrator binds the toml into this object).
/// </summary>
public sealed class FraiseQLEventsOptions
{
    /// <summary>[observers] service_name; defaults to <c>SchemaDescriptor.ServiceName</c>. Names durable consumers,
    /// queue groups, the <c>FraiseQL-Source</c> header and dead-letter subjects.</summary>
    public string? ServiceName { get; set; }

    /// <summary>[observers] nats_url, e.g. <c>nats://127.0.0.1:4222</c>.</summary>
    public string NatsUrl { get; set; } = "nats://127.0.0.1:4222";

    /// <summary>[observers.credentials]: how this service authenticates to NATS, and its TLS files.</summary>
    public FraiseQL.Runtime.Security.Nats.NatsCredentialOptions Credentials { get; set; } = new();

    public EventStreamOptions Stream { get; set; } = new();

    public EventConsumerOptions Consumer { get; set; } = new();

    public DeadLetterOptions DeadLetter { get; set; } = new();

    public OutboxOptions Outbox { get; set; } = new();

    /// <summary>Extra [[observers.respond]] entries besides <c>SchemaDescriptor.Responds</c>.</summary>
    public List<RespondEntry> Responders { get; set; } = [];

    /// <summary>Run the outbox relay in this process (default true).</summary>
    public bool EnableRelay { get; set; } = true;

    /// <summary>Run the durable consumers of [[observers.subscribe]] in this process (default true).</summary>
    public bool EnableConsumers { get; set; } = true;

    /// <summary>Run the request–reply responders of [[observers.respond]] in this process (default true).</summary>
    public bool EnableResponders { get; set; } = true;

    /// <summary>Per-attempt timeout of one JetStream publish / API call.</summary>
    public int NatsRequestTimeoutMs { get; set; } = 5000;
}

/// <summary>[[observers.respond]] subject / handler given through options.</summary>
public sealed class RespondEntry
{
    public required string Subject { get; init; }
    public required string Handler { get; init; }
}
