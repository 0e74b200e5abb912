namespace FraiseQL.Runtime.Security.Configuration;

/// <summary><c>[security.enterprise]</c>: audit logging of mutations and handled events.</summary>
public sealed class AuditOptions
{
    public bool Enabled { get; init; }

    /// <summary>JSON-lines file the audit entries are appended to (in addition to the <c>FraiseQL.Audit</c> logger).</summary>
    public string? AuditFile { get; init; }

    /// <summary>Entries waiting to be written before new ones are dropped (never blocks a request).</summary>
    public int QueueCapacity { get; init; } = 10_000;
}
