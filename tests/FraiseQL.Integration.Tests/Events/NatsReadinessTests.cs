using FraiseQL.Integration.Tests.Events.Support;
using FraiseQL.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FraiseQL.Integration.Tests.Events;

/// <summary>The "nats" readiness check registered by AddFraiseQLEvents.</summary>
[Collection(ServersCollection.Name)]
public sealed class NatsReadinessTests(ServersFixture servers)
{
    [Fact]
    public async Task ReadyWhenNatsAnswers_NotReadyWhenNatsIsUnreachable()
    {
        var db = await ExampleServiceDatabase.CreateAsync(servers.Postgres, "notification-service");
        await using (var up = await EventServiceHost.StartAsync(NotificationServiceSchema.Create(Eventually.NewPrefix()), db, servers.Nats.Url,
            o => { o.EnableConsumers = false; o.EnableRelay = false; }))
        {
            var report = await up.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Tags.Contains("ready"));
            Assert.Equal(HealthStatus.Healthy, report.Entries["nats"].Status);
        }

        var unusedPort = FraiseQL.Testing.FreePort.Next();
        await using var down = await EventServiceHost.StartAsync(NotificationServiceSchema.Create(Eventually.NewPrefix()), db, $"nats://127.0.0.1:{unusedPort}",
            o => { o.EnableConsumers = false; o.EnableRelay = false; });
        var downReport = await down.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Tags.Contains("ready"));
        Assert.Equal(HealthStatus.Unhealthy, downReport.Entries["nats"].Status);
        Assert.Contains(unusedPort.ToString(System.Globalization.CultureInfo.InvariantCulture), downReport.Entries["nats"].Description, StringComparison.Ordinal);
    }
}
