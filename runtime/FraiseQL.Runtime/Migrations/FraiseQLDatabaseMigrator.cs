using System.Security.Cryptography;
using FraiseQL.Sql;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace FraiseQL.Migrations;

/// <summary>
/// Bootstraps a service database and applies its <c>migrations/*.sql</c>:
/// under a PostgreSQL advisory lock (several instances may start at once) it creates schema
/// <c>fraiseql</c>, table <c>fraiseql.schema_migrations(name, checksum, applied_at)</c> and the
/// 8-column <c>mutation_response</c> type when the database has none, then applies each file
/// not yet recorded, in ordinal file-name order, each in its own transaction together with its
/// bookkeeping row. An applied file whose SHA-256 changed stops the run with an error naming it.
/// </summary>
public sealed partial class FraiseQLDatabaseMigrator(NpgsqlDataSource dataSource, ILogger logger)
{
    /// <summary>Advisory lock key: hashtext('fraiseql.migrations') would vary by server version, so a constant.</summary>
    public const long AdvisoryLockKey = 0x46_51_4C_4D_49_47; // "FQLMIG"

    private const string BootstrapSql = """
        CREATE SCHEMA IF NOT EXISTS fraiseql;
        CREATE TABLE IF NOT EXISTS fraiseql.schema_migrations (
            name       text PRIMARY KEY,
            checksum   text NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now()
        );
        DO $fraiseql$
        BEGIN
            IF to_regtype('mutation_response') IS NULL THEN
                CREATE TYPE mutation_response AS (
                    status         text,
                    message        text,
                    entity_id      uuid,
                    entity_type    text,
                    entity         jsonb,
                    updated_fields text[],
                    cascade        jsonb,
                    metadata       jsonb
                );
            END IF;
        END
        $fraiseql$;
        """;

    /// <summary>CLI entry point: <c>FraiseQLDatabaseMigrator.RunAsync(connectionString, "migrations", logger, ct)</c>. Returns the names applied.</summary>
    public static async Task<IReadOnlyList<string>> RunAsync(string connectionString, string migrationsDirectory, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        var builder = PostgresConnectionStrings.Parse(connectionString);
        builder.Pooling = false;
        await using var source = NpgsqlDataSource.Create(builder.ConnectionString);
        return await new FraiseQLDatabaseMigrator(source, logger).ApplyAsync(migrationsDirectory, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Bootstraps and applies pending migrations from <paramref name="migrationsDirectory"/> (a missing folder means none).</summary>
    public async Task<IReadOnlyList<string>> ApplyAsync(string migrationsDirectory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(migrationsDirectory);
        var files = Directory.Exists(migrationsDirectory)
            ? Directory.GetFiles(migrationsDirectory, "*.sql").OrderBy(Path.GetFileName, StringComparer.Ordinal).ToArray()
            : [];
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        if (!Directory.Exists(migrationsDirectory))
        {
            // once connected: a start-up that waits for PostgreSQL runs this again after every failed connection
            LogNoDirectory(logger, Path.GetFullPath(migrationsDirectory));
        }
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_lock($1)", connection))
        {
            lockCommand.Parameters.AddWithValue(AdvisoryLockKey);
            await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        try
        {
            await using (var bootstrap = new NpgsqlCommand(BootstrapSql, connection))
            {
                await bootstrap.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            var applied = new Dictionary<string, string>(StringComparer.Ordinal);
            await using (var select = new NpgsqlCommand("SELECT name, checksum FROM fraiseql.schema_migrations", connection))
            await using (var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    applied[reader.GetString(0)] = reader.GetString(1);
                }
            }

            var newlyApplied = new List<string>();
            foreach (var file in files)
            {
                var name = Path.GetFileName(file);
                var bytes = await File.ReadAllBytesAsync(file, cancellationToken).ConfigureAwait(false);
                var checksum = Convert.ToHexStringLower(SHA256.HashData(bytes));
                if (applied.TryGetValue(name, out var recorded))
                {
                    if (recorded != checksum)
                    {
                        throw new InvalidOperationException(
                            $"Migration '{name}' was changed after it was applied (recorded checksum {recorded}, file now {checksum}; file {Path.GetFullPath(file)}). " +
                            "Applied migrations must not be edited: restore the file and add a new migration with the change.");
                    }
                    continue;
                }
                var sql = System.Text.Encoding.UTF8.GetString(bytes).TrimStart('\uFEFF');
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    await using (var apply = new NpgsqlCommand(sql, connection, transaction))
                    {
                        apply.CommandTimeout = 0;
                        await apply.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }
                    await using (var record = new NpgsqlCommand("INSERT INTO fraiseql.schema_migrations (name, checksum) VALUES ($1, $2)", connection, transaction))
                    {
                        record.Parameters.AddWithValue(name);
                        record.Parameters.AddWithValue(checksum);
                        await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (PostgresException e)
                {
                    // Npgsql sends a file of several statements one statement at a time, and PostgreSQL counts the
                    // position from the start of the statement that failed, not of the file
                    var where = MigrationErrorLocation.Locate(sql, e.Position, e.MessageText) is var (line, column)
                        ? $" at line {line}, column {column}"
                        : e.Position > 0 ? $" at character {e.Position} of the statement that failed" : "";
                    var hint = string.IsNullOrEmpty(e.Hint) ? "" : $" (hint: {e.Hint})";
                    throw new InvalidOperationException(
                        $"Migration '{name}' failed{where}: {e.SqlState} {e.MessageText}{hint} (file {Path.GetFullPath(file)}). Nothing of it was applied.", e);
                }
                LogApplied(logger, name);
                newlyApplied.Add(name);
            }
            LogDone(logger, newlyApplied.Count, files.Length - newlyApplied.Count);
            if (newlyApplied.Count > 0)
            {
                // Types created by the migrations (enums, composites) become known to every pooled connection.
                await dataSource.ReloadTypesAsync(cancellationToken).ConfigureAwait(false);
            }
            return newlyApplied;
        }
        finally
        {
            await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock($1)", connection);
            unlock.Parameters.AddWithValue(AdvisoryLockKey);
            await unlock.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied migration {Migration}")]
    private static partial void LogApplied(ILogger logger, string migration);

    [LoggerMessage(Level = LogLevel.Information, Message = "Migrations done: {Applied} applied, {Skipped} already applied")]
    private static partial void LogDone(ILogger logger, int applied, int skipped);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Migrations folder {Directory} does not exist; only the FraiseQL bootstrap was applied")]
    private static partial void LogNoDirectory(ILogger logger, string directory);
}
