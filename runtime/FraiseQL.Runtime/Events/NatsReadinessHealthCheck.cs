using Microsoft.Extensions.Diagnostics.HealthChecks;
using NATS.Client.Core;

namespace FraiseQL.Events;

/// <summary>Readiness (tag "ready"): the NATS connection is (or can be) open and answers a PING within 2 s.</summary>
public sealed class NatsReadinessHealthCheck(INatsConnection connection, FraiseQLEventsOptions options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (connection.ConnectionState == NatsConnectionState.Reconnecting)
        {
            return HealthCheckResult.Unhealthy($"NATS connection to {options.NatsUrl} is {connection.ConnectionState}");
        }
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(2));
            var rtt = await connection.PingAsync(timeout.Token).ConfigureAwait(false);
            return HealthCheckResult.Healthy($"NATS {options.NatsUrl} round trip {rtt.TotalMilliseconds:0.0} ms");
        }
        catch (Exception ex) when (ex is NatsException or OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"NATS {options.NatsUrl} did not answer a ping", ex);
        }
    }
}
