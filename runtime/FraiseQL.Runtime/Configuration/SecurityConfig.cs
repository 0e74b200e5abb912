namespace FraiseQL.Configuration;

/// <summary>[security]</summary>
public sealed class SecurityConfig
{
    public string? DefaultRole { get; init; }
    /// <summary>Whether unauthenticated callers are served (as <see cref="DefaultRole"/>).</summary>
    public bool Anonymous { get; init; } = true;
    public bool MultiTenant { get; init; }
    /// <summary>JWT claims read for roles, in order.</summary>
    public IReadOnlyList<string> RoleClaims { get; init; } = ["roles", "role"];
    public string ScopeClaim { get; init; } = "scope";
    public string TenantClaim { get; init; } = "tenant_id";
    public RlsConfig Rls { get; init; } = new();
    public IReadOnlyList<RoleDefinitionConfig> RoleDefinitions { get; init; } = [];
    public EnterpriseConfig Enterprise { get; init; } = new();
}

/// <summary>[security.rls]</summary>
public sealed class RlsConfig
{
    public bool Enabled { get; init; }
    /// <summary>Setting name → claim name, applied with <c>set_config(name, value, true)</c>.</summary>
    public IReadOnlyDictionary<string, string> SessionVariables { get; init; } = new Dictionary<string, string>();
}

/// <summary>[[security.role_definitions]]</summary>
public sealed class RoleDefinitionConfig
{
    public required string Name { get; init; }
    public IReadOnlyList<string> Scopes { get; init; } = [];
}

/// <summary>[security.enterprise] — audit logging.</summary>
public sealed class EnterpriseConfig
{
    public bool Enabled { get; init; }
    public string LogLevel { get; init; } = "info";
    public bool AsyncLogging { get; init; } = true;
    public string? AuditFile { get; init; }
}
