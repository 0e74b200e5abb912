namespace FraiseQL.Runtime.Security.Configuration;

/// <summary><c>[security.rls]</c>: PostgreSQL settings set per transaction from the caller's claims.</summary>
public sealed class RlsOptions
{
    public bool Enabled { get; init; }

    /// <summary>Setting name (e.g. <c>app.tenant_id</c>) → claim name (e.g. <c>tenant_id</c>), in declaration order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> SessionVariables { get; init; } = [];
}
