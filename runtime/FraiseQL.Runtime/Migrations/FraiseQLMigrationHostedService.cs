using FraiseQL.Sql;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace FraiseQL.Migrations;

/// <summary>
/// Applies the service's migrations at start when <c>[database] apply_migrations = true</c>
/// (<see cref="FraiseQLPostgresOptions.ApplyMigrations"/>); a failure stops the host with the
/// migrator's message.
/// </summary>
public sealed class FraiseQLMigrationHostedService(
    NpgsqlDataSource dataSource,
    IOptions<FraiseQLPostgresOptions> options,
    IHostEnvironment environment,
    ILogger<FraiseQLDatabaseMigrator> logger) : IHostedService
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
        await new FraiseQLDatabaseMigrator(dataSource, logger).ApplyAsync(directory, cancellationToken).ConfigureAwait(false);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
