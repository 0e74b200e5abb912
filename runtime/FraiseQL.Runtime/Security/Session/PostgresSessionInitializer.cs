using System.Text;
using FraiseQL.Execution;
using FraiseQL.Runtime.Security.Configuration;
using FraiseQL.Sql;
using Npgsql;

namespace FraiseQL.Runtime.Security.Session;

/// <summary>
/// Sets the caller's identity as transaction-local PostgreSQL settings in one round trip
/// (<c>SELECT set_config($1,$2,true), …</c>), batched with every query or mutation statement, so row-level security policies can use
/// <c>current_setting('app.tenant_id', true)</c>. Always sets <c>fraiseql.principal</c>, <c>fraiseql.roles</c>
/// (comma-separated), <c>fraiseql.tenant_id</c> and <c>fraiseql.correlation_id</c>, plus
/// <c>[security.rls.session_variables]</c> when RLS is enabled. A missing claim is set to the empty string, which
/// policies should treat as "no access" (<c>NULLIF(current_setting('app.tenant_id', true), '')</c>).
/// Registered as the SQL layer's <see cref="ISqlSessionInitializer"/> by <c>AddFraiseQLSecurity</c>.
/// </summary>
public sealed class PostgresSessionInitializer : ISqlSessionInitializer
{
    private readonly IReadOnlyList<KeyValuePair<string, string>> _variables;
    private readonly string _sql;
    private readonly string _tenantClaim;
    private readonly bool _rlsEnabled;

    public PostgresSessionInitializer(FraiseQLSecurityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _tenantClaim = options.TenantClaim;
        _rlsEnabled = options.Rls.Enabled;
        var variables = new List<KeyValuePair<string, string>>
        {
            new("fraiseql.principal", "sub"),
            new("fraiseql.roles", RolesClaim),
            new("fraiseql.tenant_id", TenantClaim),
            new("fraiseql.correlation_id", CorrelationClaim),
        };
        if (options.Rls.Enabled)
        {
            variables.AddRange(options.Rls.SessionVariables);
        }
        _variables = variables;
        var sql = new StringBuilder("SELECT ");
        for (var i = 0; i < variables.Count; i++)
        {
            sql.Append(i == 0 ? "" : ", ").Append("set_config($").Append(2 * i + 1).Append(", $").Append(2 * i + 2).Append(", true)");
        }
        _sql = sql.ToString();
    }

    // Pseudo-claims for values that come from the context rather than the token.
    private const string RolesClaim = "\0roles";
    private const string TenantClaim = "\0tenant";
    private const string CorrelationClaim = "\0correlation";

    /// <summary>The statement sent before each query/mutation (for logs and tests).</summary>
    public string Sql => _sql;

    public async ValueTask InitializeAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, RequestContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(context);
        await using var batch = new NpgsqlBatch(connection, transaction) { BatchCommands = { CreateBatchCommand(context) } };
        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A read by a caller with no principal, roles or tenant sets nothing when RLS is off: every setting but the
    /// correlation id would be empty, and unset reads the same as empty to a policy. Mutations always set them
    /// (the correlation id reaches the <c>fn_*</c> function and the outbox).
    /// </summary>
    public bool IsNeededForQuery(RequestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return _rlsEnabled || context.Principal is not null || context.Roles.Count > 0 || context.TenantId is not null;
    }

    /// <summary>
    /// Every setting but the correlation id, each length-prefixed: what a row-level security policy or a view can read,
    /// so callers that differ in any of it never share a cached result. Empty when nothing is set.
    /// </summary>
    public string? ResultCacheScope(RequestContext context)
    {
        if (!IsNeededForQuery(context))
        {
            return "";
        }
        var scope = new StringBuilder(64);
        foreach (var (_, claim) in _variables)
        {
            if (claim == CorrelationClaim)
            {
                continue;
            }
            var value = ValueOf(claim, context);
            scope.Append(value.Length).Append(':').Append(value);
        }
        return scope.ToString();
    }

    /// <summary>The settings as one statement, sent in the same batch (round trip) as the request's statement.</summary>
    public NpgsqlBatchCommand CreateBatchCommand(RequestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var command = new NpgsqlBatchCommand(_sql);
        foreach (var (name, claim) in _variables)
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = ValueOf(claim, context) });
        }
        return command;
    }

    private string ValueOf(string claim, RequestContext context) => claim switch
    {
        "sub" => context.Principal ?? "",
        RolesClaim => string.Join(',', context.Roles),
        TenantClaim => context.TenantId ?? "",
        CorrelationClaim => context.CorrelationId,
        _ when context.Claims.TryGetValue(claim, out var value) => value,
        // events carry the tenant in a header, not as the token's claim: map the tenant claim to it
        _ when claim == _tenantClaim => context.TenantId ?? "",
        _ => "",
    };
}
