using System.Runtime.CompilerServices;
using Npgsql;

namespace FraiseQL.Sql;

/// <summary>
/// The data sources the runtime built itself from the service's connection string (fraiseql.toml's url), with that
/// string, password included (<see cref="NpgsqlDataSource.ConnectionString"/> leaves the password out). A session that
/// must stay open for the life of the service (the outbox relay's LISTEN) opens a connection of its own with it instead
/// of holding one of the pool's. A data source the application registered itself (its own password provider) is not
/// here: such a session then takes one of its connections.
/// </summary>
internal sealed class OwnedDataSources
{
    private readonly ConditionalWeakTable<NpgsqlDataSource, string> _connectionStrings = [];

    internal void Remember(NpgsqlDataSource dataSource, string connectionString) => _connectionStrings.AddOrUpdate(dataSource, connectionString);

    /// <summary>The connection string <paramref name="dataSource"/> was built with, when the runtime built it.</summary>
    public string? ConnectionStringOf(NpgsqlDataSource dataSource) =>
        _connectionStrings.TryGetValue(dataSource, out var connectionString) ? connectionString : null;
}
