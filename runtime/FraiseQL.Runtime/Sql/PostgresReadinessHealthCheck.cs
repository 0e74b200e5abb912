using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace FraiseQL.Sql;

/// <summary>Readiness check (tag <c>ready</c>): a pooled connection answers <c>SELECT 1</c>.</summary>
public sealed class PostgresReadinessHealthCheck(NpgsqlDataSource dataSource) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            // a probe that gives up (its client leaves) must not block a thread-pool thread on Npgsql's synchronous cancel
            await using (StatementCancellation.Watch(connection, command, cancellationToken))
            {
                await command.ExecuteScalarAsync(CancellationToken.None).ConfigureAwait(false);
            }
            return HealthCheckResult.Healthy("PostgreSQL answers.");
        }
        catch (Exception e) when (e is NpgsqlException or IOException or TimeoutException or InvalidOperationException && !cancellationToken.IsCancellationRequested)
        {
            dataSource.Clear();
            return HealthCheckResult.Unhealthy("PostgreSQL cannot be reached: " + e.Message);
        }
    }
}
