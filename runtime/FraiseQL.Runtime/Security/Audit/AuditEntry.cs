namespace FraiseQL.Runtime.Security.Audit;

/// <summary>
/// One audit line: who did what to which entity, when, with what outcome. Holds only these facts — never tokens,
/// passwords, arguments or claims other than principal, roles and tenant.
/// </summary>
public sealed class AuditEntry
{
    public required DateTimeOffset Time { get; init; }
    /// <summary>"mutation" or "event".</summary>
    public required string Kind { get; init; }
    /// <summary>Mutation name, or the subject of a handled event.</summary>
    public required string Action { get; init; }
    public string? Principal { get; init; }
    public IReadOnlyList<string> Roles { get; init; } = [];
    public string? Tenant { get; init; }
    public string? TargetType { get; init; }
    public string? TargetId { get; init; }
    /// <summary>"success", "error:&lt;class&gt;", "denied", "dead_lettered"…</summary>
    public required string Outcome { get; init; }
    public required string CorrelationId { get; init; }
    /// <summary>Handler name for events, e.g. fn_reserve_inventory.</summary>
    public string? Handler { get; init; }
    public IReadOnlyDictionary<string, string>? Tags { get; init; }
}
