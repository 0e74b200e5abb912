using FraiseQL.Hosting;
using FraiseQL.Sql;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace FraiseQL.Migrations;

/// <summary>
/// Applies the service's migrations at start when <c>[database] apply_migrations = true</c>
/// (<see cref="FraiseQLPostgresOptions.ApplyMigrations"/>), waiting for PostgreSQL while it cannot be reached
/// (<see cref="StartupDatabaseWait"/>). A migration that fails, or PostgreSQL out of reach for longer than start-up
/// waits, stops the host with a <see cref="FraiseQLStartupException"/> carrying the migrator's message.
/// </summary>
public sealed class FraiseQLMigrationHostedService(
    NpgsqlDataSource dataSource,
    IOptions<FraiseQLPostgresOptions> options,
    IHostEnvironment environment,
    ILogger<FraiseQLDatabaseMigrator> logger,
    StartupDatabaseWait startupWait) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.ApplyMigrations)
        {
            return;
        }
        var directory = Path.IsPathRooted(settings.MigrationsDirectory)
            ? settings.MigrationsDirectory
            : Path.Combine(environment.ContentRootPath, settings.MigrationsDirectory);
        try
        {
            await startupWait.RunAsync("migrations", dataSource,
                token => new FraiseQLDatabaseMigrator(dataSource, logger).ApplyAsync(directory, token), cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException e)
        {
            // a migration that failed or was edited after it was applied: the migrator's message says which and why
            throw new FraiseQLStartupException(e.Message, e);
        }
        catch (NpgsqlException e) when (!cancellationToken.IsCancellationRequested)
        {
            // reached, but refused: a database that does not exist, a wrong password, missing rights
            throw new FraiseQLStartupException($"migrations: {e.Message}", e);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
