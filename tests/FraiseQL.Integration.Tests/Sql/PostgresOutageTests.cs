using System.Buffers;
using FraiseQL.Execution;
using FraiseQL.Sql;
using FraiseQL.Testing;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using static FraiseQL.Integration.Tests.Sql.Sel;

namespace FraiseQL.Integration.Tests.Sql;

/// <summary>Stops and restarts a PostgreSQL server of its own (not the shared one).</summary>
public sealed class PostgresOutageTests : IAsyncLifetime
{
    private PostgresServer _server = null!;
    private SqlTestDatabase _db = null!;

    public async Task InitializeAsync()
    {
        _server = PostgresServer.Start();
        _db = await SqlTestDatabase.CreateAsync(_server, OrderServiceSchema.Schema, SqlTestDatabase.MigrationsOf("order-service"),
            options: new FraiseQLPostgresOptions { ConnectTimeout = TimeSpan.FromSeconds(2) });
    }

    public async Task DisposeAsync()
    {
        await _db.DisposeAsync();
        await _server.DisposeAsync();
    }

    private Task<string> Orders() =>
        _db.QueryAsync(OrderServiceSchema.OrdersQuery, F("orders", F("identifier")));

    private async Task<HealthStatus> HealthAsync() =>
        (await new PostgresReadinessHealthCheck(_db.DataSource).CheckHealthAsync(new HealthCheckContext())).Status;

    [Fact]
    public async Task DownIsServiceUnavailableAndRecoversWithoutRestart()
    {
        Assert.Equal("[]", await Orders());
        Assert.Equal(HealthStatus.Healthy, await HealthAsync());

        _server.Stop();

        var query = await Assert.ThrowsAsync<GraphQLErrorException>(Orders);
        Assert.Equal("SERVICE_UNAVAILABLE", query.Error.Code);
        Assert.Contains("PostgreSQL cannot be reached", query.Error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", query.Error.Message, StringComparison.Ordinal);
        Assert.Equal(503, query.Error.Extensions!["httpStatus"]);

        var mutation = await Assert.ThrowsAsync<GraphQLErrorException>(() => _db.MutateAsync(OrderServiceSchema.ShipOrder,
            F("shipOrder", F("id")).Args(("id", Guid.NewGuid().ToString()))));
        Assert.Equal("SERVICE_UNAVAILABLE", mutation.Error.Code);
        Assert.Equal(HealthStatus.Unhealthy, await HealthAsync());

        _server.Restart();

        Assert.Equal("[]", await Orders());
        Assert.Equal(HealthStatus.Healthy, await HealthAsync());
        var missing = await Assert.ThrowsAsync<GraphQLErrorException>(() => _db.MutateAsync(OrderServiceSchema.ShipOrder,
            F("shipOrder", F("id")).Args(("id", Guid.NewGuid().ToString()))));
        Assert.Equal("NOT_FOUND", missing.Error.Code);
    }

    [Fact]
    public async Task PooledConnectionsKilledByARestartAreReplacedTransparently()
    {
        // Warm the pool, then restart the server under it: the next query must succeed (pool cleared, one retry).
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Orders()));
        _server.Stop();
        _server.Restart();
        Assert.Equal("[]", await Orders());
    }
}
