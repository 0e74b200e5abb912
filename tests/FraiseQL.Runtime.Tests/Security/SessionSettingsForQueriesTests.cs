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

    [Fact]
    public void The_result_cache_scope_is_every_setting_but_the_correlation_id()
    {
        var initializer = new PostgresSessionInitializer(WithRls);
        RequestContext Caller(string correlationId, string? tenant, string? principal = "alice") => new()
        {
            CorrelationId = correlationId, Principal = principal, Roles = ["viewer"], TenantId = tenant,
            Claims = new Dictionary<string, string> { ["tenant_id"] = tenant ?? "" },
        };

        var acme = initializer.ResultCacheScope(Caller("c-1", "acme"));
        Assert.NotNull(acme);
        Assert.Equal(acme, initializer.ResultCacheScope(Caller("c-2", "acme")));
        Assert.NotEqual(acme, initializer.ResultCacheScope(Caller("c-1", "globex")));
        Assert.NotEqual(acme, initializer.ResultCacheScope(Caller("c-1", "acme", principal: "bob")));
        Assert.Equal("", new PostgresSessionInitializer(WithoutRls).ResultCacheScope(RequestContext.Anonymous("c-3")));
    }

    [Fact]
    public void An_initializer_that_does_not_describe_its_settings_keeps_its_callers_out_of_the_result_cache()
    {
        ISqlSessionInitializer custom = new AlwaysInitializes();
        Assert.Null(custom.ResultCacheScope(RequestContext.Anonymous("c-4")));
        Assert.Equal("", ((ISqlSessionInitializer)NoOpSqlSessionInitializer.Instance).ResultCacheScope(RequestContext.Anonymous("c-5")));
    }

    private sealed class AlwaysInitializes : ISqlSessionInitializer
    {
        public ValueTask InitializeAsync(Npgsql.NpgsqlConnection connection, Npgsql.NpgsqlTransaction transaction, RequestContext context, CancellationToken cancellationToken) =>
            ValueTask.CompletedTask;
    }
}
