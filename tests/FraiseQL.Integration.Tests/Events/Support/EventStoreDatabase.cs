using FraiseQL.Events;
using FraiseQL.Testing;
using Npgsql;

namespace FraiseQL.Integration.Tests.Events.Support;

/// <summary>A fresh database holding only the fraiseql event tables (outbox, inbox, dead_letter).</summary>
public static class EventStoreDatabase
{
    /// <summary>Creates the database, creates the event tables and returns a data source on it (the caller disposes it).</summary>
    public static async Task<NpgsqlDataSource> CreateAsync(PostgresServer postgres, string prefix)
    {
        var dataSource = NpgsqlDataSource.Create(postgres.ConnectionString(await postgres.CreateDatabaseAsync(prefix)));
        await EventStoreSchema.EnsureAsync(dataSource, CancellationToken.None);
        return dataSource;
    }
}
