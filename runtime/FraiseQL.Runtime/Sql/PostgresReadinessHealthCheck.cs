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
            await using var command = dataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy("PostgreSQL answers.");
        }
        catch (Exception e) when (e is NpgsqlException or IOException or TimeoutException or InvalidOperationException)
        {
            dataSource.Clear();
            return HealthCheckResult.Unhealthy("PostgreSQL cannot be reached: " + e.Message);
        }
    }
}
