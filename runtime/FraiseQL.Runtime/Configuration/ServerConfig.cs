namespace FraiseQL.Configuration;

/// <summary>[server]</summary>
public sealed class ServerConfig
{
    public string? Host { get; init; }
    public int? Port { get; init; }
    /// <summary>Per-request timeout; the running SQL is cancelled when it elapses.</summary>
    public int RequestTimeoutMs { get; init; } = 30_000;
    /// <summary>Maximum GraphQL document size in bytes (null = runtime default, 100 KB).</summary>
    public int? MaxDocumentBytes { get; init; }
    /// <summary>Maximum size of the variables JSON in bytes (null = runtime default, 100 KB).</summary>
    public int? MaxVariablesBytes { get; init; }
    /// <summary>Maximum aliases per operation (null = runtime default, 30).</summary>
    public int? MaxAliases { get; init; }
    /// <summary>Most operations in one batched POST (a JSON array); 0 refuses batches (null = runtime default, 0).</summary>
    public int? MaxBatchSize { get; init; }
    /// <summary>Answer <c>__schema</c>/<c>__type</c> at all (default true).</summary>
    public bool Introspection { get; init; } = true;
    /// <summary>When not empty, only callers with one of these roles may introspect.</summary>
    public IReadOnlyList<string> IntrospectionRoles { get; init; } = [];
    /// <summary>Serve GraphiQL (null = in Development only).</summary>
    public bool? GraphiQL { get; init; }
    public CorsConfig Cors { get; init; } = new();
    public TlsConfig Tls { get; init; } = new();
    public PersistedQueriesConfig PersistedQueries { get; init; } = new();
}

/// <summary>[server.cors]</summary>
public sealed class CorsConfig
{
    public IReadOnlyList<string> Origins { get; init; } = [];
    public bool Credentials { get; init; }
}

/// <summary>[server.tls]</summary>
public sealed class TlsConfig
{
    public bool Enabled { get; init; }
    public string? CertFile { get; init; }
    public string? KeyFile { get; init; }
}
