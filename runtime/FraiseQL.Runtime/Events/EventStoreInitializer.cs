using FraiseQL.Hosting;
using FraiseQL.Sql;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace FraiseQL.Events;

/// <summary>
/// Creates the fraiseql.outbox / inbox / dead_letter tables at start, before the relay and consumers run, waiting for
/// PostgreSQL while it cannot be reached (<see cref="StartupDatabaseWait"/>).
/// </summary>
public sealed class EventStoreInitializer(NpgsqlDataSource dataSource, ILogger<EventStoreInitializer> logger, StartupDatabaseWait startupWait) : IHostedService, IFraiseQLStartupStep
{
    private bool _done;

    public Task StartAsync(CancellationToken cancellationToken) => ((IFraiseQLStartupStep)this).RunOnceAsync(cancellationToken);

    async Task IFraiseQLStartupStep.RunOnceAsync(CancellationToken cancellationToken)
    {
        if (_done)
        {
            return;
        }
        try
        {
            await startupWait.RunAsync("event tables", dataSource, token => EventStoreSchema.EnsureAsync(dataSource, token), cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException ex)
        {
            throw new FraiseQLStartupException(
                $"Could not create the FraiseQL event tables (schema fraiseql: outbox, inbox, dead_letter) in the service database: {ex.Message}", ex);
        }
        logger.LogDebug("FraiseQL event tables ensured");
        _done = true;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
