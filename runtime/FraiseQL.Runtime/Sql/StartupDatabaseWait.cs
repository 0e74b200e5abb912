using FraiseQL.Events;
using FraiseQL.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace FraiseQL.Sql;

/// <summary>
/// PostgreSQL may not be up yet when the service starts (containers started together, a database restarting). A
/// start-up step that needs it (migrations, the event tables) runs through <see cref="RunAsync"/>, which retries it
/// with back-off while PostgreSQL cannot be reached, logging what it waits for, for at most
/// <see cref="FraiseQLPostgresOptions.StartupWait"/> counted from the first step that had to wait (one budget for the
/// whole start-up, not one per step). Then start-up stops with a <see cref="FraiseQLStartupException"/> naming the
/// server and the setting. Any other failure stops start-up at once. Stopping the host ends the wait.
/// </summary>
public sealed partial class StartupDatabaseWait(TimeSpan budget, ILogger<StartupDatabaseWait> logger, TimeProvider? timeProvider = null)
{
    private static readonly TimeSpan LogEvery = TimeSpan.FromSeconds(10);

    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;
    private readonly object _gate = new();
    private long? _waitingSince;

    /// <summary>The registration both the PostgreSQL and the events services add (whichever comes first).</summary>
    internal static StartupDatabaseWait Create(IServiceProvider services) => new(
        services.GetRequiredService<IOptions<FraiseQLPostgresOptions>>().Value.StartupWait,
        services.GetRequiredService<ILogger<StartupDatabaseWait>>());

    /// <summary>Runs <paramref name="step"/> (named <paramref name="stepName"/> in logs and errors) until it gets past PostgreSQL being out of reach.</summary>
    public async Task RunAsync(string stepName, NpgsqlDataSource dataSource, Func<CancellationToken, Task> step, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(step);
        var backoff = new ExponentialBackoff(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5));
        long? loggedAt = null;
        while (true)
        {
            try
            {
                await step(cancellationToken).ConfigureAwait(false);
                if (loggedAt is not null)
                {
                    LogReachable(logger, stepName, Server(dataSource), backoff.Failures);
                }
                return;
            }
            // Npgsql's own failures only: an IOException of the step itself (a migration file that vanished) is no outage
            catch (NpgsqlException e) when (PostgresFailures.IsUnavailable(e) && !cancellationToken.IsCancellationRequested)
            {
                var waited = Waited();
                var left = budget - waited;
                if (left <= TimeSpan.Zero)
                {
                    throw new FraiseQLStartupException(
                        $"{stepName}: PostgreSQL at {Server(dataSource)} could not be reached " +
                        (budget > TimeSpan.Zero ? $"within {Seconds(budget)} s of start-up" : "at start-up") +
                        $" ({Reason(e)}). Start it or check [database] url; [database] startup_wait_ms sets how long start-up waits for it.", e);
                }
                if (loggedAt is null || _time.GetElapsedTime(loggedAt.Value) >= LogEvery)
                {
                    LogWaiting(logger, stepName, Server(dataSource), Reason(e), Seconds(left));
                    loggedAt = _time.GetTimestamp();
                }
                var delay = backoff.Next();
                await Task.Delay(delay < left ? delay : left, _time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>How long start-up has waited for PostgreSQL so far (the clock starts at the first failure of any step).</summary>
    private TimeSpan Waited()
    {
        lock (_gate)
        {
            _waitingSince ??= _time.GetTimestamp();
            return _time.GetElapsedTime(_waitingSince.Value);
        }
    }

    private static string Server(NpgsqlDataSource dataSource)
    {
        var builder = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString);
        return builder.Host is { Length: > 0 } host ? $"{host}:{builder.Port}" : $"port {builder.Port}";
    }

    /// <summary>The innermost message: "Connection refused", "the database system is starting up".</summary>
    private static string Reason(Exception e)
    {
        var innermost = e;
        while (innermost.InnerException is not null)
        {
            innermost = innermost.InnerException;
        }
        return innermost is PostgresException pg ? pg.MessageText : innermost.Message;
    }

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Step}: PostgreSQL at {Server} cannot be reached yet ({Reason}); start-up waits for it, up to {Seconds} s more")]
    private static partial void LogWaiting(ILogger logger, string step, string server, string reason, string seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Step}: PostgreSQL at {Server} is reachable after {Retries} retries")]
    private static partial void LogReachable(ILogger logger, string step, string server, int retries);
}
