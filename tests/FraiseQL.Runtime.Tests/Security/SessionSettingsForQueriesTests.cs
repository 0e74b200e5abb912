using FraiseQL.Execution;
using FraiseQL.Runtime.Security.Configuration;
using FraiseQL.Runtime.Security.Session;
using FraiseQL.Sql;
using Xunit;

namespace FraiseQL.Runtime.Tests.Security;

/// <summary>
/// Reads by callers with no identity skip the set_config statement (one statement per query) unless RLS is on;
/// any identity, or RLS, keeps it. Mutations are not asked: they always set the session.
/// </summary>
public sealed class SessionSettingsForQueriesTests
{
    private static readonly FraiseQLSecurityOptions WithoutRls = SecurityOptionsReader.FromToml("""
        [security]
        default_role = "viewer"
        """, _ => null);

    private static readonly FraiseQLSecurityOptions WithRls = SecurityOptionsReader.FromToml("""
        [security.rls]
        enabled = true
        [security.rls.session_variables]
        "app.tenant_id" = "tenant_id"
        """, _ => null);

    [Fact]
    public void Anonymous_read_without_rls_sets_nothing()
    {
        Assert.False(new PostgresSessionInitializer(WithoutRls).IsNeededForQuery(RequestContext.Anonymous("c-1")));
    }

    [Fact]
    public void Anonymous_read_with_rls_still_sets_the_session()
    {
        Assert.True(new PostgresSessionInitializer(WithRls).IsNeededForQuery(RequestContext.Anonymous("c-1")));
    }

    [Theory]
    [InlineData("alice", null, null)]
    [InlineData(null, "viewer", null)]
    [InlineData(null, null, "acme")]
    public void Any_identity_sets_the_session(string? principal, string? role, string? tenant)
    {
        var context = new RequestContext { CorrelationId = "c-2", Principal = principal, Roles = role is null ? [] : [role], TenantId = tenant };
        Assert.True(new PostgresSessionInitializer(WithoutRls).IsNeededForQuery(context));
    }

    [Fact]
    public void The_default_initializer_never_needs_a_statement()
    {
        Assert.False(NoOpSqlSessionInitializer.Instance.IsNeededForQuery(RequestContext.Anonymous("c-3")));
    }
}
