using FraiseQL.Runtime.Security.Configuration;

namespace FraiseQL.Runtime.Tests.Security;

public sealed class SecurityOptionsReaderTests
{
    private static readonly Dictionary<string, string> Env = new() { ["JWT_KEY"] = Convert.ToBase64String(new byte[32]), ["ISSUER"] = "https://id.example" };

    private static FraiseQLSecurityOptions Read(string toml) => SecurityOptionsReader.FromToml(toml, n => Env.GetValueOrDefault(n));

    [Fact]
    public void Placeholders_follow_the_configuration_loader_rules()
    {
        var options = Read("""
            [auth]
            issuer = "${MISSING_ISSUER:-https://fallback.example}"
            [[auth.signing_keys]]
            kid = "demo"
            key_base64 = "${JWT_KEY}"
            """);
        Assert.Equal("https://fallback.example", options.Auth?.Issuer);
        var ex = Assert.Throws<SecurityConfigurationException>(() => Read("""
            [auth]
            issuer = "${MISSING_ISSUER}"
            """));
        Assert.Equal("fraiseql.toml: auth.issuer: environment variable MISSING_ISSUER is not set (referenced as ${MISSING_ISSUER}; set it or write ${MISSING_ISSUER:-default}).", ex.Message);
    }

    [Fact]
    public void Reads_every_security_section()
    {
        var options = Read("""
            [auth]
            issuer = "${ISSUER}"
            audience = ["orders", "inventory"]
            allowed_algorithms = ["RS256", "HS256"]
            clock_skew_secs = 5
            refresh_interval_s = 60
            [[auth.signing_keys]]
            kid = "demo"
            key_base64 = "${JWT_KEY}"

            [security]
            default_role = "viewer"
            role_claims = ["roles", "realm_access.roles"]
            scope_claim = "scp"
            tenant_claim = "org"
            [security.rls]
            enabled = true
            [security.rls.session_variables]
            "app.tenant_id" = "org"
            "app.user_id" = "sub"
            [[security.role_definitions]]
            name = "admin"
            scopes = ["read:*"]
            [security.enterprise]
            enabled = true
            audit_file = "/tmp/audit.jsonl"
            """);
        Assert.Equal("https://id.example", options.Auth!.Issuer);
        Assert.Equal(["orders", "inventory"], options.Auth.Audiences);
        Assert.Equal(["RS256", "HS256"], options.Auth.AllowedAlgorithms);
        Assert.Equal(TimeSpan.FromSeconds(5), options.Auth.ClockSkew);
        Assert.Equal(TimeSpan.FromSeconds(60), options.Auth.RefreshInterval);
        Assert.Equal("demo", Assert.Single(options.Auth.SigningKeys).KeyId);
        Assert.True(options.Auth.Required);
        Assert.False(options.AllowAnonymous);
        Assert.Equal("viewer", options.DefaultRole);
        Assert.Equal(["roles", "realm_access.roles"], options.RoleClaims);
        Assert.Equal("scp", options.ScopeClaim);
        Assert.Equal("org", options.TenantClaim);
        Assert.True(options.Rls.Enabled);
        Assert.Equal([new("app.tenant_id", "org"), new KeyValuePair<string, string>("app.user_id", "sub")], options.Rls.SessionVariables);
        Assert.Equal(["read:*"], Assert.Single(options.RoleDefinitions).Scopes);
        Assert.True(options.Audit.Enabled);
        Assert.Equal("/tmp/audit.jsonl", options.Audit.AuditFile);
    }

    [Fact]
    public void Without_auth_anonymous_access_is_the_default_and_with_auth_it_is_not()
    {
        var none = Read("[project]\nname = \"x\"\n");
        Assert.Null(none.Auth);
        Assert.True(none.AllowAnonymous);
        Assert.Equal(["roles", "groups"], none.RoleClaims);

        var optional = Read("[auth]\nissuer = \"https://id.example\"\nrequired = false\n");
        Assert.True(optional.AllowAnonymous);

        var explicitAnonymous = Read("[auth]\nissuer = \"https://id.example\"\n[security]\nanonymous = true\n");
        Assert.True(explicitAnonymous.AllowAnonymous);
    }

    [Fact]
    public void Unset_environment_variable_names_the_variable_and_the_key()
    {
        var ex = Assert.Throws<SecurityConfigurationException>(() => Read("[auth]\nissuer = \"${MISSING_ISSUER}\"\n"));
        Assert.Contains("MISSING_ISSUER", ex.Message, StringComparison.Ordinal);
        Assert.Contains("auth.issuer", ex.Message, StringComparison.Ordinal);
        Assert.Equal("https://fallback", Read("[auth]\nissuer = \"${MISSING_ISSUER:-https://fallback}\"\n").Auth!.Issuer);
    }

    [Fact]
    public void Invalid_values_are_located()
    {
        Assert.Contains("auth.clock_skew_secs", Assert.Throws<SecurityConfigurationException>(() => Read("[auth]\nissuer = \"x\"\nclock_skew_secs = \"soon\"\n")).Message, StringComparison.Ordinal);
        Assert.Contains("auth.signing_keys[0]", Assert.Throws<SecurityConfigurationException>(() => Read("[auth]\n[[auth.signing_keys]]\nkid = \"a\"\n")).Message, StringComparison.Ordinal);
        Assert.Contains("needs a way to verify", Assert.Throws<SecurityConfigurationException>(() => Read("[auth]\naudience = \"a\"\n")).Message, StringComparison.Ordinal);
        Assert.Contains("app.tenant_id", Assert.Throws<SecurityConfigurationException>(() => Read("[security.rls.session_variables]\n\"tenant id\" = \"x\"\n")).Message, StringComparison.Ordinal);
        Assert.Contains("invalid TOML", Assert.Throws<SecurityConfigurationException>(() => Read("[auth\n")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Seed_order_service_toml_enables_audit()
    {
        var options = Read("""
            [security.enterprise]
            enabled = true
            log_level = "info"
            async_logging = true
            """);
        Assert.True(options.Audit.Enabled);
        Assert.Null(options.Audit.AuditFile);
    }
}
