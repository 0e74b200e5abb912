using FraiseQL.Events;
using FraiseQL.Hosting;
using FraiseQL.Migrations;
using FraiseQL.Sql;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Microsoft.AspNetCore.Builder;

/// <summary><c>return await app.RunFraiseQLAsync(args);</c>: runs the service, or one of its maintenance commands.</summary>
public static class FraiseQLApplicationExtensions
{
    public const string Usage = """
        usage: <service> [ASP.NET Core options]      run the service
               <service> migrate                     apply migrations/*.sql to DATABASE_URL (waiting for it as at start) and exit
               <service> check                       check the database's views and functions against what the schema calls
               <service> sql '<document>' ['<variables JSON>'] [--operation <name>]
                                                     print the SQL and parameters of each query root field
               <service> schema [--output <file>]    print (or write) the GraphQL schema as SDL, every role's operations included
               <service> cache-triggers [--install]  print (or create) the triggers that drop cached results after any write
               <service> dead-letters list [--all]   list dead-lettered events
               <service> dead-letters replay <id> | --all
        """;

    /// <summary>
    /// <c>migrate</c> applies the service's migrations and exits; <c>check</c> checks the database's views and
    /// functions against the schema, changing nothing (see <see cref="FraiseQL.Hosting.CheckCommand"/>); <c>sql …</c> prints the SQL a query would run
    /// (see <see cref="FraiseQL.Hosting.ShowSqlCommand"/>); <c>schema</c> prints the SDL (see
    /// <see cref="FraiseQL.Hosting.ShowSchemaCommand"/>); <c>cache-triggers</c> prints or creates the result cache's
    /// triggers (see <see cref="FraiseQL.Hosting.CacheTriggersCommand"/>); <c>dead-letters …</c> lists or replays
    /// dead letters (see <see cref="DeadLetterCommands"/>); anything else runs the web application.
    /// Returns the process exit code.
    /// </summary>
    public static async Task<int> RunFraiseQLAsync(this WebApplication app, string[] args)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(args);
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
        switch (args)
        {
            case ["migrate", ..]:
                return await MigrateAsync(app.Services, stop.Token).ConfigureAwait(false);
            case ["check", ..]:
                return await WithBackendsAsync("check",
                    () => CheckCommand.RunAsync(args, app.Services, Console.Out, Console.Error, stop.Token), stop.Token).ConfigureAwait(false);
            case ["sql", ..]:
                return await ShowSqlCommand.RunAsync(args, app.Services, Console.Out, Console.Error).ConfigureAwait(false);
            case ["schema", ..]:
                return await ShowSchemaCommand.RunAsync(args, app.Services, Console.Out, Console.Error).ConfigureAwait(false);
            case ["cache-triggers", ..]:
                return await WithBackendsAsync("cache-triggers",
                    () => CacheTriggersCommand.RunAsync(args, app.Services, Console.Out, Console.Error, stop.Token), stop.Token).ConfigureAwait(false);
            case ["dead-letters", ..]:
                if (app.Services.GetService<DeadLetterStore>() is null)
                {
                    await Console.Error.WriteLineAsync("dead-letters: this service has no [observers] configuration in fraiseql.toml").ConfigureAwait(false);
                    return 2;
                }
                return await WithBackendsAsync("dead-letters",
                    () => DeadLetterCommands.RunAsync(args, app.Services, Console.Out, stop.Token), stop.Token).ConfigureAwait(false);
            case ["help" or "--help" or "-h", ..]:
                await Console.Out.WriteLineAsync(Usage).ConfigureAwait(false);
                return 0;
            default:
                if (await RunStartupStepsAsync(app.Services, stop.Token).ConfigureAwait(false) is { } failed)
                {
                    return failed;
                }
                return await RunHostAsync(app).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Runs the host until it stops, as <c>app.RunAsync()</c> does. A server that cannot listen (the address is in use,
    /// or the process may not bind it) is <c>error: &lt;what Kestrel said&gt;</c> on standard error and exit code 1, like a
    /// start-up step's failure; it was the runtime's "Unhandled exception." report and an abort (SIGABRT, exit code 134).
    /// The host itself still logs "Hosting failed to start".
    /// </summary>
    private static async Task<int> RunHostAsync(WebApplication app)
    {
        try
        {
            try
            {
                await app.StartAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException)
            {
                await Console.Error.WriteLineAsync(
                    $"error: the server cannot listen: {e.Message.TrimEnd('.')}. Set ASPNETCORE_URLS (or [server] host and port) to an address it can listen on.").ConfigureAwait(false);
                await app.StopAsync().ConfigureAwait(false); // the hosted services that had started (the outbox relay, consumers)
                return UnhandledStartupError.ExitCode;
            }
            await app.WaitForShutdownAsync().ConfigureAwait(false);
            return 0;
        }
        finally
        {
            await app.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Runs the start-up steps (<see cref="IFraiseQLStartupStep"/>: migrations at start, the event tables) before the host
    /// starts, as the host would, in registration order. One that fails is <c>error: &lt;message&gt;</c> on standard
    /// error and exit code 1, the line a configuration error gives, where a failure inside the host's start would also
    /// have the host log "Hosting failed to start" with the whole stack trace. Ctrl-C while a step waits for PostgreSQL
    /// exits with 130. Returns null when every step succeeded.
    /// </summary>
    private static async Task<int?> RunStartupStepsAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        try
        {
            foreach (var hostedService in services.GetServices<IHostedService>())
            {
                if (hostedService is IFraiseQLStartupStep step)
                {
                    await step.RunOnceAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            return null;
        }
        catch (FraiseQLStartupException e)
        {
            await Console.Error.WriteLineAsync(UnhandledStartupError.Describe(e)).ConfigureAwait(false);
            return UnhandledStartupError.ExitCode;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return InterruptedExitCode;
        }
    }

    /// <summary>The exit code of a process ended by Ctrl-C (SIGINT): 128 + 2, as shells report it.</summary>
    private const int InterruptedExitCode = 130;

    /// <summary>
    /// Runs a command that talks to PostgreSQL (and NATS, for a replay): either out of reach, or PostgreSQL refusing it
    /// (a wrong password, a missing table), is one line on standard error, <c>&lt;command&gt;: &lt;what the client
    /// said&gt;</c>, and exit code 1, not a stack trace.
    /// </summary>
    private static async Task<int> WithBackendsAsync(string command, Func<Task<int>> run, CancellationToken cancellationToken)
    {
        try
        {
            return await run().ConfigureAwait(false);
        }
        catch (Exception e) when (e is NpgsqlException or NATS.Client.Core.NatsException && !cancellationToken.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync($"{command}: {e.Message}").ConfigureAwait(false);
            return 1;
        }
    }

    private static async Task<int> MigrateAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        if (services.GetService<NpgsqlDataSource>() is not { } dataSource)
        {
            await Console.Error.WriteLineAsync("migrate: fraiseql.toml has no [database] url").ConfigureAwait(false);
            return 2;
        }
        var directory = FraiseQLMigrationHostedService.MigrationsDirectory(
            services.GetRequiredService<IOptions<FraiseQLPostgresOptions>>().Value, services.GetRequiredService<IHostEnvironment>());
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("FraiseQL.Migrations");
        IReadOnlyList<string> applied;
        try
        {
            // like migrations at start, waits for PostgreSQL up to [database] startup_wait_ms (a deployment step or an
            // init container may well run before the database is up)
            applied = await FraiseQLMigrationHostedService.ApplyAsync("migrate", dataSource, directory, logger,
                services.GetRequiredService<StartupDatabaseWait>(), cancellationToken).ConfigureAwait(false);
        }
        catch (FraiseQLStartupException e) when (!cancellationToken.IsCancellationRequested)
        {
            // one line and exit code 1, like the other commands, not a stack trace
            await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return 1;
        }
        await Console.Out.WriteLineAsync($"migrate: {applied.Count} migration(s) applied from {directory}").ConfigureAwait(false);
        return 0;
    }
}
