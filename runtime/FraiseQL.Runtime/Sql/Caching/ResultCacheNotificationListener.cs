using FraiseQL.Events;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace FraiseQL.Sql;

/// <summary>
/// Drops cached results when PostgreSQL says a view changed: it <c>LISTEN</c>s on <c>[caching] notify_channel</c>
/// (<c>fraiseql_cache</c> by default) and treats each notification's payload as the names of the views written
/// (separated by commas or spaces; empty or <c>*</c>: every view). A statement trigger on a table, calling
/// <c>pg_notify('fraiseql_cache', 'v_order')</c>, then invalidates every instance's cache after any write to it that
/// commits (a mutation, a handler, a migration, plain SQL from anywhere), with no NATS involved: PostgreSQL delivers
/// a notification once its transaction commits, to every session listening. While the listening connection is down
/// notifications are lost, so the whole cache is dropped each time it is established again. Runs on a connection of
/// its own (not one of the pool's), and only when the service caches results at all.
/// </summary>
/// <param name="connectionString">The service's Npgsql connection string; the listener's connection is not pooled.</param>
/// <param name="channel">The channel to listen on; null or empty turns the listener off.</param>
/// <param name="views">The service's view counters; null (the service caches nothing) turns the listener off.</param>
/// <param name="triggerSources">
/// With <c>[caching] notify_triggers</c>: the relations cached queries read (<see cref="ResultCacheTriggers.CachedSources"/>),
/// whose tables get a notifying statement trigger before the first LISTEN; null installs nothing.
/// </param>
public sealed partial class ResultCacheNotificationListener(
    string connectionString,
    string? channel,
    ResultCacheViews? views,
    ILogger<ResultCacheNotificationListener> logger,
    IReadOnlyList<string>? triggerSources = null) : BackgroundService
{
    private bool _triggersTried;

    private readonly ResultCacheViews? _views = string.IsNullOrEmpty(channel) ? null : views;
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _applied;
    private long _connections;

    /// <summary>The channel's notifications applied here.</summary>
    public long AppliedCount => Interlocked.Read(ref _applied);

    /// <summary>How many times the LISTEN was established (each time drops the whole cache).</summary>
    public long ConnectionCount => Interlocked.Read(ref _connections);

    /// <summary>The listening connection's <c>application_name</c> (as pg_stat_activity shows it).</summary>
    public const string ApplicationName = "fraiseql-result-cache";

    /// <summary>The last payload applied (tests wait for a marker: notifications arrive in commit order).</summary>
    internal string? LastPayload => Volatile.Read(ref _lastPayload);

    private string? _lastPayload;

    /// <summary>Whether this instance listens at all.</summary>
    public bool IsActive => _views is not null;

    /// <summary>What <c>notify_triggers</c> installed (null: not asked for, not done yet, or refused by PostgreSQL).</summary>
    internal ResultCacheTriggers.Outcome? TriggerOutcome { get; private set; }

    /// <summary>Completes when the first LISTEN is in place (for tests and start-up ordering).</summary>
    public Task Listening => _listening.Task;

    /// <summary>The PostgreSQL identifier rule a channel name must follow (letters, digits, underscores; at most 63).</summary>
    public static bool IsValidChannel(string channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        if (channel.Length is 0 or > 63 || !(char.IsAsciiLetter(channel[0]) || channel[0] == '_'))
        {
            return false;
        }
        foreach (var c in channel)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>The view names of a payload: comma or white-space separated; null for "every view" (empty or <c>*</c>).</summary>
    internal static IReadOnlyList<string>? ParsePayload(string payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var names = payload.Split([',', ' ', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries);
        return names.Length == 0 || names.Contains("*") ? null : names;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_views is null)
        {
            return;
        }
        var builder = new NpgsqlConnectionStringBuilder(connectionString)
        {
            Pooling = false,
            Multiplexing = false,
            // WaitAsync sends a query this often while idle, so a dead connection is noticed and re-established
            KeepAlive = 15,
            ApplicationName = ApplicationName,
        };
        var backoff = new ExponentialBackoff(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(builder.ConnectionString);
                await connection.OpenAsync(stoppingToken).ConfigureAwait(false);
                connection.Notification += (_, e) => Apply(e.Payload);
                if (triggerSources is not null && !_triggersTried)
                {
                    await InstallTriggersAsync(connection, triggerSources, stoppingToken).ConfigureAwait(false);
                }
                await using (var listen = new NpgsqlCommand($"LISTEN \"{channel}\"", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken).ConfigureAwait(false);
                }
                // notifications sent while no LISTEN was in place are lost: nothing cached before is trusted
                _views.InvalidateAll(InvalidationSource.Postgres);
                Interlocked.Increment(ref _connections);
                _listening.TrySetResult();
                LogListening(logger, channel!);
                backoff.Reset();
                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                _views.InvalidateAll(InvalidationSource.Postgres); // cached results may miss invalidations until the LISTEN is back
                var delay = backoff.Next();
                LogConnectionLost(logger, ex, channel!, (int)delay.TotalMilliseconds);
                try
                {
                    await Task.Delay(delay, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>
    /// Installs the triggers once per process. PostgreSQL refusing them (no privilege on a table, say) is logged as an
    /// error and not retried; the listener goes on. A lost connection is retried with the LISTEN.
    /// </summary>
    private async Task InstallTriggersAsync(NpgsqlConnection connection, IReadOnlyList<string> sources, CancellationToken cancellationToken)
    {
        try
        {
            var outcome = await ResultCacheTriggers.InstallAsync(connection, channel!, sources, cancellationToken).ConfigureAwait(false);
            TriggerOutcome = outcome;
            foreach (var table in outcome.Tables)
            {
                LogTriggerInstalled(logger, table.Table, string.Join(",", table.Views));
            }
            foreach (var view in outcome.UnknownViews)
            {
                LogUnknownView(logger, view);
            }
        }
        catch (PostgresException ex)
        {
            LogTriggersRefused(logger, ex, ex.SqlState, ex.MessageText);
        }
        _triggersTried = true;
    }

    private void Apply(string payload)
    {
        if (ParsePayload(payload) is { } names)
        {
            _views!.InvalidateFromPeer(names, InvalidationSource.Postgres);
        }
        else
        {
            _views!.InvalidateAll(InvalidationSource.Postgres);
        }
        Interlocked.Increment(ref _applied);
        Volatile.Write(ref _lastPayload, payload);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Result cache: table {Table} notifies the views {Views} after each write ([caching] notify_triggers)")]
    private static partial void LogTriggerInstalled(ILogger logger, string table, string views);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Result cache: {View}, read by a cached query, is not a relation in the database; no trigger for it ([caching] notify_triggers)")]
    private static partial void LogUnknownView(ILogger logger, string view);

    [LoggerMessage(Level = LogLevel.Error, Message = "Result cache: PostgreSQL refused the triggers of [caching] notify_triggers ({SqlState}: {Reason}); writes outside FraiseQL are seen when cached results expire")]
    private static partial void LogTriggersRefused(ILogger logger, Exception exception, string sqlState, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Result cache: listening for view invalidations on PostgreSQL channel {Channel}")]
    private static partial void LogListening(ILogger logger, string channel);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Result cache: the LISTEN connection for channel {Channel} failed; the cache is dropped and the connection retried in {DelayMs} ms")]
    private static partial void LogConnectionLost(ILogger logger, Exception exception, string channel, int delayMs);
}
