using FraiseQL.Execution;
using Npgsql;

namespace FraiseQL.Sql;

/// <summary>
/// Runs on the open connection inside the request's transaction before the query or mutation
/// statement, e.g. <c>SELECT set_config('app.tenant_id', $1, true)</c> for row-level security.
/// The default (<see cref="NoOpSqlSessionInitializer"/>) does nothing, and queries then run
/// without an explicit transaction.
/// </summary>
public interface ISqlSessionInitializer
{
    ValueTask InitializeAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, RequestContext context, CancellationToken cancellationToken);
}
