namespace FraiseQL.Runtime.Security.Configuration;

/// <summary>
/// Security settings of one service, read from fraiseql.toml's <c>[auth]</c>, <c>[security]</c>,
/// <c>[security.rls]</c>, <c>[[security.role_definitions]]</c>, <c>[security.enterprise]</c> and
/// <c>[tenancy]</c> sections (see <see cref="SecurityOptionsReader"/>).
/// </summary>
public sealed class FraiseQLSecurityOptions
{
    /// <summary>JWT validation; null when fraiseql.toml has no <c>[auth]</c> section.</summary>
    public JwtAuthOptions? Auth { get; init; }

    /// <summary>Role every caller has (authenticated or not), e.g. "viewer". Null for none.</summary>
    public string? DefaultRole { get; init; }

    /// <summary>Whether requests without a token are served. Defaults to true only when <c>[auth]</c> is absent
    /// (or <c>[auth] required = false</c>).</summary>
    public bool AllowAnonymous { get; init; } = true;

    /// <summary>Claim paths whose values are roles; dotted paths reach into JSON claims (<c>realm_access.roles</c>).</summary>
    public IReadOnlyList<string> RoleClaims { get; init; } = ["roles", "groups"];

    /// <summary>Claim holding space-separated scopes (<c>scp</c> is read too).</summary>
    public string ScopeClaim { get; init; } = "scope";

    /// <summary>Claim naming the caller's tenant.</summary>
    public string TenantClaim { get; init; } = "tenant_id";

    public RlsOptions Rls { get; init; } = new();

    public IReadOnlyList<RoleDefinition> RoleDefinitions { get; init; } = [];

    public AuditOptions Audit { get; init; } = new();

    /// <summary>Options for a service with no security configuration: anonymous access, no audit.</summary>
    public static FraiseQLSecurityOptions Default { get; } = new();
}
