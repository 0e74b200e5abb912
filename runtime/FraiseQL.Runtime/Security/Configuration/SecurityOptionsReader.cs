using Tomlyn.Model;

namespace FraiseQL.Runtime.Security.Configuration;

/// <summary>
/// Builds <see cref="FraiseQLSecurityOptions"/> from fraiseql.toml text, resolving <c>${ENV}</c> placeholders.
/// Every invalid value is a <see cref="SecurityConfigurationException"/> naming its key.
/// </summary>
public static class SecurityOptionsReader
{
    public static FraiseQLSecurityOptions FromToml(string tomlText, Func<string, string?>? environment = null, string sourceName = "fraiseql.toml")
    {
        var root = TomlValues.Parse(tomlText, sourceName);
        return FromTable(root, environment ?? Environment.GetEnvironmentVariable, sourceName);
    }

    /// <summary>
    /// Reads the security sections of an already parsed fraiseql.toml; an invalid value is a
    /// <see cref="SecurityConfigurationException"/> whose message starts with <paramref name="sourceName"/> (the file's
    /// path), like the loader's errors about the other sections.
    /// </summary>
    internal static FraiseQLSecurityOptions FromTable(TomlTable root, Func<string, string?> environment, string sourceName = "fraiseql.toml")
    {
        var values = new TomlValues(environment, sourceName);
        var auth = ReadAuth(root, values);
        var security = values.Table(root, "security", "security");
        var tenancy = values.Table(root, "tenancy", "tenancy");

        var anonymousDefault = auth is null || !auth.Required;
        bool anonymous = anonymousDefault;
        string? defaultRole = null;
        IReadOnlyList<string> roleClaims = ["roles", "groups"];
        var scopeClaim = "scope";
        var tenantClaim = (tenancy is null ? null : values.String(tenancy, "tenant_claim", "tenancy.tenant_claim")) ?? "tenant_id";
        var rls = new RlsOptions();
        var roleDefinitions = new List<RoleDefinition>();
        var audit = new AuditOptions();

        if (security is not null)
        {
            defaultRole = values.String(security, "default_role", "security.default_role");
            anonymous = values.Bool(security, "anonymous", "security.anonymous") ?? anonymousDefault;
            roleClaims = values.Strings(security, "role_claims", "security.role_claims") ?? roleClaims;
            scopeClaim = values.String(security, "scope_claim", "security.scope_claim") ?? scopeClaim;
            tenantClaim = values.String(security, "tenant_claim", "security.tenant_claim") ?? tenantClaim;

            if (values.Table(security, "rls", "security.rls") is { } rlsTable)
            {
                var variables = new List<KeyValuePair<string, string>>();
                if (values.Table(rlsTable, "session_variables", "security.rls.session_variables") is { } vars)
                {
                    foreach (var (name, _) in vars)
                    {
                        var claim = values.String(vars, name, $"security.rls.session_variables.\"{name}\"")!;
                        ValidateSettingName(name, values);
                        variables.Add(new(name, claim));
                    }
                }
                rls = new RlsOptions
                {
                    Enabled = values.Bool(rlsTable, "enabled", "security.rls.enabled") ?? false,
                    SessionVariables = variables,
                };
            }

            var index = 0;
            foreach (var def in values.TableArray(security, "role_definitions", "security.role_definitions"))
            {
                var path = $"security.role_definitions[{index++}]";
                roleDefinitions.Add(new RoleDefinition
                {
                    Name = values.String(def, "name", path + ".name") ?? throw new SecurityConfigurationException($"{values.Source}: '{path}' needs a name"),
                    Description = values.String(def, "description", path + ".description"),
                    Scopes = values.Strings(def, "scopes", path + ".scopes") ?? [],
                });
            }

            if (values.Table(security, "enterprise", "security.enterprise") is { } enterprise)
            {
                audit = new AuditOptions
                {
                    Enabled = values.Bool(enterprise, "enabled", "security.enterprise.enabled") ?? false,
                    AuditFile = values.String(enterprise, "audit_file", "security.enterprise.audit_file"),
                    QueueCapacity = (int)(values.Integer(enterprise, "audit_queue_capacity", "security.enterprise.audit_queue_capacity") ?? 10_000),
                };
            }
        }

        return new FraiseQLSecurityOptions
        {
            Auth = auth,
            DefaultRole = defaultRole,
            AllowAnonymous = anonymous,
            RoleClaims = roleClaims,
            ScopeClaim = scopeClaim,
            TenantClaim = tenantClaim,
            Rls = rls,
            RoleDefinitions = roleDefinitions,
            Audit = audit,
        };
    }

    private static JwtAuthOptions? ReadAuth(TomlTable root, TomlValues values)
    {
        if (values.Table(root, "auth", "auth") is not { } auth)
        {
            return null;
        }
        var keys = new List<SigningKeyOptions>();
        var index = 0;
        foreach (var key in values.TableArray(auth, "signing_keys", "auth.signing_keys"))
        {
            var path = $"auth.signing_keys[{index++}]";
            var option = new SigningKeyOptions
            {
                KeyId = values.String(key, "kid", path + ".kid"),
                KeyBase64 = values.String(key, "key_base64", path + ".key_base64"),
                PublicKeyPemFile = values.String(key, "public_key_pem_file", path + ".public_key_pem_file"),
            };
            if ((option.KeyBase64 is null) == (option.PublicKeyPemFile is null))
            {
                throw new SecurityConfigurationException($"{values.Source}: '{path}' needs exactly one of key_base64 (HMAC secret) or public_key_pem_file");
            }
            keys.Add(option);
        }
        var options = new JwtAuthOptions
        {
            Issuer = values.String(auth, "issuer", "auth.issuer"),
            Audiences = values.Strings(auth, "audience", "auth.audience") ?? [],
            JwksUri = values.String(auth, "jwks_uri", "auth.jwks_uri"),
            AllowedAlgorithms = values.Strings(auth, "allowed_algorithms", "auth.allowed_algorithms") ?? [],
            ClockSkew = TimeSpan.FromSeconds(values.Integer(auth, "clock_skew_secs", "auth.clock_skew_secs") ?? 30),
            Required = values.Bool(auth, "required", "auth.required") ?? true,
            SigningKeys = keys,
            RefreshInterval = TimeSpan.FromSeconds(values.Integer(auth, "refresh_interval_s", "auth.refresh_interval_s") ?? 300),
            AllowInsecureMetadata = values.Bool(auth, "allow_insecure_metadata", "auth.allow_insecure_metadata") ?? false,
        };
        if (options.Issuer is null && options.JwksUri is null && keys.Count == 0)
        {
            throw new SecurityConfigurationException($"{values.Source}: [auth] needs a way to verify signatures: issuer (OIDC discovery), jwks_uri, or [[auth.signing_keys]]");
        }
        if (options.RefreshInterval <= TimeSpan.Zero)
        {
            throw new SecurityConfigurationException($"{values.Source}: 'auth.refresh_interval_s' must be positive");
        }
        return options;
    }

    private static void ValidateSettingName(string name, TomlValues values)
    {
        // PostgreSQL custom settings must be qualified (prefix.name) and identifier-like.
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || dot == name.Length - 1 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.'))
        {
            throw new SecurityConfigurationException(
                $"{values.Source}: session variable '{name}' in [security.rls.session_variables] must look like 'app.tenant_id' (prefix.name, letters, digits, underscores)");
        }
    }
}
