using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace FraiseQL.Events;

/// <summary>Creates the fraiseql.outbox / inbox / dead_letter tables at start, before the relay and consumers run.</summary>
public sealed class EventStoreInitializer(NpgsqlDataSource dataSource, ILogger<EventStoreInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await EventStoreSchema.EnsureAsync(dataSource, cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException ex)
        {
            throw new InvalidOperationException(
                $"Could not create the FraiseQL event tables (schema fraiseql: outbox, inbox, dead_letter) in the service database: {ex.Message}", ex);
        }
        logger.LogDebug("FraiseQL event tables ensured");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
