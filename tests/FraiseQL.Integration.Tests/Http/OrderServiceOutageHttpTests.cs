using System.Net;
using System.Text.Json;
using FraiseQL.Integration.Tests.Infrastructure;
using FraiseQL.Testing;

namespace FraiseQL.Integration.Tests.Http;

/// <summary>
/// PostgreSQL going away under the running order service, seen over HTTP: 503 with a clear error and no data,
/// /health/ready unhealthy, then the same process serving again once PostgreSQL is back. Uses a PostgreSQL server of
/// its own (stopping the shared one would fail every other test).
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class OrderServiceOutageHttpTests(ServersFixture servers) : IAsyncLifetime
{
    private PostgresServer _postgres = null!;
    private OrderServiceHost? _host;

    public async Task InitializeAsync()
    {
        _postgres = PostgresServer.Start();
        var database = await _postgres.CreateDatabaseAsync("outage");
        _host = await OrderServiceHost.StartAsync(_postgres.Url(database), servers.Nats.Url);
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
        await _postgres.DisposeAsync();
    }

    [Fact]
    public async Task Postgres_down_is_503_without_data_and_the_service_recovers_without_a_restart()
    {
        const string Query = "{ orders(limit: 5) { id status } }";
        var (status, body) = await _host!.PostAsync(Query);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(JsonValueKind.Array, body.GetProperty("data").GetProperty("orders").ValueKind);
        Assert.Equal(HttpStatusCode.OK, (await _host.Client.GetAsync("/health/ready")).StatusCode);

        _postgres.Stop();
        (status, body) = await _host.PostAsync(Query);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.False(body.TryGetProperty("data", out _), body.GetRawText());
        var error = body.GetProperty("errors")[0];
        Assert.Equal("SERVICE_UNAVAILABLE", error.GetProperty("extensions").GetProperty("code").GetString());
        Assert.Contains("PostgreSQL cannot be reached", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", body.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await _host.Client.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _host.Client.GetAsync("/health/live")).StatusCode);

        _postgres.Restart();
        (status, body) = await _host.PostAsync(Query);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(JsonValueKind.Array, body.GetProperty("data").GetProperty("orders").ValueKind);
        Assert.Equal(HttpStatusCode.OK, (await _host.Client.GetAsync("/health/ready")).StatusCode);
    }
}
