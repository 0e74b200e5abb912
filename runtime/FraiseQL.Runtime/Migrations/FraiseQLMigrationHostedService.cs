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
    StartupDatabaseWait startupWait) : IHostedService, IFraiseQLStartupStep
{
    private bool _done;

    public Task StartAsync(CancellationToken cancellationToken) => ((IFraiseQLStartupStep)this).RunOnceAsync(cancellationToken);

    async Task IFraiseQLStartupStep.RunOnceAsync(CancellationToken cancellationToken)
    {
        if (!_done && options.Value.ApplyMigrations)
        {
            await ApplyAsync("migrations", dataSource, MigrationsDirectory(options.Value, environment), logger, startupWait, cancellationToken).ConfigureAwait(false);
        }
        _done = true;
    }

    /// <summary>The migrations folder: <see cref="FraiseQLPostgresOptions.MigrationsDirectory"/>, relative to the content root unless absolute.</summary>
    internal static string MigrationsDirectory(FraiseQLPostgresOptions options, IHostEnvironment environment) =>
        Path.GetFullPath(Path.Combine(environment.ContentRootPath, options.MigrationsDirectory));

    /// <summary>
    /// Applies the migrations in <paramref name="directory"/>, waiting for PostgreSQL as start-up does; used at start and
    /// by the <c>migrate</c> command. Every way it fails is a <see cref="FraiseQLStartupException"/> whose message starts
    /// with <paramref name="step"/>: a migration that failed or was edited after it was applied (the migrator's message
    /// says which and why), PostgreSQL refusing (a database that does not exist, a wrong password, missing rights), or
    /// out of reach for longer than start-up waits. Returns the names applied.
    /// </summary>
    internal static async Task<IReadOnlyList<string>> ApplyAsync(string step, NpgsqlDataSource dataSource, string directory, ILogger logger,
        StartupDatabaseWait startupWait, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> applied = [];
        try
        {
            await startupWait.RunAsync(step, dataSource,
                async token => applied = await new FraiseQLDatabaseMigrator(dataSource, logger).ApplyAsync(directory, token).ConfigureAwait(false),
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidOperationException or NpgsqlException && !cancellationToken.IsCancellationRequested)
        {
            throw new FraiseQLStartupException($"{step}: {e.Message}", e);
        }
        return applied;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
