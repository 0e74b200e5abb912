using FraiseQL.Execution;
using Npgsql;

namespace FraiseQL.Sql;

/// <summary>The default <see cref="ISqlSessionInitializer"/>: sets nothing.</summary>
public sealed class NoOpSqlSessionInitializer : ISqlSessionInitializer
{
    public static readonly NoOpSqlSessionInitializer Instance = new();

    public ValueTask InitializeAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, RequestContext context, CancellationToken cancellationToken) =>
        ValueTask.CompletedTask;

    public bool IsNeededForQuery(RequestContext context) => false;
}
