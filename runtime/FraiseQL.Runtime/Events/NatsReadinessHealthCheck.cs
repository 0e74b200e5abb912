using Microsoft.Extensions.Diagnostics.HealthChecks;
using NATS.Client.Core;

namespace FraiseQL.Events;

/// <summary>Readiness (tag "ready"): the NATS connection is (or can be) open and answers a PING. NATS.Net connects
/// lazily, so a service that has not published yet is connected here rather than reported as closed.</summary>
public sealed class NatsReadinessHealthCheck(INatsConnection connection, FraiseQLEventsOptions options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(2));
            if (connection.ConnectionState != NatsConnectionState.Open)
            {
                await connection.ConnectAsync().AsTask().WaitAsync(timeout.Token).ConfigureAwait(false);
            }
            var rtt = await connection.PingAsync(timeout.Token).ConfigureAwait(false);
            return HealthCheckResult.Healthy($"NATS {options.NatsUrl} round trip {rtt.TotalMilliseconds:0.0} ms");
        }
        catch (Exception ex) when (ex is NatsException or OperationCanceledException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"NATS {options.NatsUrl} is not reachable (state {connection.ConnectionState})", ex);
        }
    }
}
