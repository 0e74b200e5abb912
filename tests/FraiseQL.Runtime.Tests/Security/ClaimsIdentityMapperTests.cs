using System.Security.Claims;
using FraiseQL.Runtime.Security.Configuration;
using FraiseQL.Runtime.Security.Identity;

namespace FraiseQL.Runtime.Tests.Security;

public sealed class ClaimsIdentityMapperTests
{
    private static ClaimsPrincipal Principal(params Claim[] claims) => new(new ClaimsIdentity(claims, "Bearer"));

    private static readonly FraiseQLSecurityOptions Options = new()
    {
        RoleClaims = ["roles", "groups", "realm_access.roles"],
        DefaultRole = "viewer",
        RoleDefinitions =
        [
            new RoleDefinition { Name = "admin", Scopes = ["read:*", "write:orders"] },
            new RoleDefinition { Name = "viewer", Scopes = ["read:Order.status"] },
        ],
    };

    [Fact]
    public void The_tokens_expiry_is_the_contexts()
    {
        var context = ClaimsIdentityMapper.ToRequestContext(Principal(new Claim("sub", "a"), new Claim("exp", "1893456000", ClaimValueTypes.Integer64)), "c", null, null, Options);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1893456000), context.ExpiresAt);
        Assert.Null(ClaimsIdentityMapper.ToRequestContext(Principal(new Claim("sub", "a")), "c", null, null, Options).ExpiresAt);
    }

    [Fact]
    public void Maps_subject_roles_scopes_tenant_and_flat_claims()
    {
        var principal = Principal(
            new Claim("sub", "alice"),
            new Claim("roles", "admin"),
            new Claim("roles", "ops"),
            new Claim("groups", "[\"finance\",\"ops\"]", "JSON_ARRAY"),
            new Claim("realm_access", "{\"roles\":[\"keycloak-role\"]}", "JSON"),
            new Claim("scope", "orders:read  orders:write"),
            new Claim("scp", "legacy"),
            new Claim("tenant_id", "t-1"));
        var context = ClaimsIdentityMapper.ToRequestContext(principal, "corr", "00-abc-def-01", new Dictionary<string, string> { ["ticket"] = "OPS-1" }, Options);

        Assert.Equal("alice", context.Principal);
        Assert.Equal(["admin", "ops", "finance", "keycloak-role", "viewer"], context.Roles);
        Assert.Equal(["orders:read", "orders:write", "legacy", "read:*", "write:orders", "read:Order.status"], context.Scopes);
        Assert.Equal("t-1", context.TenantId);
        Assert.Equal("admin,ops", context.Claims["roles"]);
        Assert.Equal("finance,ops", context.Claims["groups"]);
        Assert.Equal("corr", context.CorrelationId);
        Assert.Equal("00-abc-def-01", context.TraceParent);
        Assert.Equal("OPS-1", context.AuditTags["ticket"]);
        Assert.True(context.IsAuthenticated);
    }

    [Fact]
    public void Anonymous_caller_gets_only_the_default_role_and_its_scopes()
    {
        var context = ClaimsIdentityMapper.ToRequestContext(new ClaimsPrincipal(new ClaimsIdentity()), "corr", null, null, Options);
        Assert.False(context.IsAuthenticated);
        Assert.Equal(["viewer"], context.Roles);
        Assert.Equal(["read:Order.status"], context.Scopes);
        Assert.Null(context.TenantId);
        Assert.Empty(context.Claims);
    }

    [Fact]
    public void Tenant_claim_is_configurable_and_absent_roles_are_fine()
    {
        var options = new FraiseQLSecurityOptions { TenantClaim = "org_id" };
        var context = ClaimsIdentityMapper.ToRequestContext(Principal(new Claim("sub", "bob"), new Claim("org_id", "acme")), "c", null, null, options);
        Assert.Equal("acme", context.TenantId);
        Assert.Empty(context.Roles);
        Assert.Empty(context.Scopes);
    }
}
