using FraiseQL.Execution;
using Npgsql;

namespace FraiseQL.Sql;

/// <summary>
/// Sets per-request session state (e.g. <c>SELECT set_config('app.tenant_id', $1, true)</c> for row-level
/// security) in the same transaction as the query or mutation statement.
/// <para>
/// Implement <see cref="CreateBatchCommand"/> to have the statement sent in one batch with the request's
/// statement: one round trip, and for queries no explicit transaction (PostgreSQL runs a batch in one implicit
/// transaction, so transaction-local settings apply to the statement after them). <see cref="InitializeAsync"/>
/// is the fallback for initializers that need their own round trips; the query then runs in an explicit
/// transaction. The default (<see cref="NoOpSqlSessionInitializer"/>) does nothing.
/// </para>
/// </summary>
public interface ISqlSessionInitializer
{
    /// <summary>Runs the initialization on <paramref name="connection"/> inside <paramref name="transaction"/>.</summary>
    ValueTask InitializeAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, RequestContext context, CancellationToken cancellationToken);

    /// <summary>
    /// The initialization as one batch command (its result set, if any, is skipped), or <c>null</c> when it
    /// cannot be expressed as one statement; the executor then calls <see cref="InitializeAsync"/>.
    /// </summary>
    NpgsqlBatchCommand? CreateBatchCommand(RequestContext context) => null;

    /// <summary>
    /// Whether a query (a read) by this caller needs the initialization at all. An initializer whose settings would
    /// all be empty for this caller can return <c>false</c> so the read is one plain statement (transaction-local
    /// settings left unset read the same as empty ones: <c>NULLIF(current_setting('x', true), '')</c> is NULL
    /// either way). Mutations are always initialized. Default: <c>true</c>.
    /// </summary>
    bool IsNeededForQuery(RequestContext context) => true;

    /// <summary>
    /// The settings this initializer gives this caller's reads that can change what a query returns (e.g. the tenant and
    /// principal a row-level security policy reads), as one text: part of the result cache's key for queries that declare
    /// <c>cache_ttl_seconds</c>, so callers whose settings differ never share a cached result. Leave out values that
    /// differ per request but change no result (the correlation id), or nothing is ever served from the cache. Return
    /// <c>null</c> when that cannot be told: the caller's queries then always read PostgreSQL. Default: <c>""</c> when
    /// <see cref="IsNeededForQuery"/> is false (nothing is set), otherwise <c>null</c>.
    /// </summary>
    string? ResultCacheScope(RequestContext context) => IsNeededForQuery(context) ? null : "";
}
