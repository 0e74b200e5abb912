using FraiseQL.Testing;
using Npgsql;

namespace FraiseQL.Integration.Tests.Events.Support;

/// <summary>A fresh database with one example service's migrations applied (mutation_response created first).</summary>
public static class ExampleServiceDatabase
{
    public const string MutationResponseDdl = """
        DO $$ BEGIN
            CREATE TYPE mutation_response AS (
                status text, message text, entity_id uuid, entity_type text, entity jsonb,
                updated_fields text[], cascade jsonb, metadata jsonb);
        EXCEPTION WHEN duplicate_object THEN NULL; END $$;
        """;

    /// <summary>Creates the database and returns its connection string.</summary>
    public static async Task<string> CreateAsync(PostgresServer postgres, string service)
    {
        var name = await postgres.CreateDatabaseAsync(service.Replace("-", "_", StringComparison.Ordinal));
        await postgres.ExecuteScriptAsync(name, MutationResponseDdl);
        foreach (var file in Directory.GetFiles(Path.Combine(RepositoryRoot(), "example-services", service, "migrations"), "*.sql").Order(StringComparer.Ordinal))
        {
            await postgres.ExecuteScriptAsync(name, await File.ReadAllTextAsync(file));
        }
        return postgres.ConnectionString(name);
    }

    public static async Task<long> CountAsync(string connectionString, string sql)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }

    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "FraiseQL.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("FraiseQL.sln not found above " + AppContext.BaseDirectory);
    }
}
