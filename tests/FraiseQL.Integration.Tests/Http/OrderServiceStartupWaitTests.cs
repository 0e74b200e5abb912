using System.Diagnostics;
using System.Net;
using FraiseQL.Hosting;
using FraiseQL.Integration.Tests.Infrastructure;
using FraiseQL.Testing;

namespace FraiseQL.Integration.Tests.Http;

/// <summary>
/// PostgreSQL not up yet when the order service starts (containers started together, a database restarting): start-up
/// (migrations at start, the event tables) waits for it, then migrates and serves; or gives up after
/// <c>[database] startup_wait_ms</c> with an error naming the server and the setting. Uses a PostgreSQL server of its
/// own, stopped before each test (stopping the shared one would fail every other test).
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class OrderServiceStartupWaitTests(ServersFixture servers) : IAsyncLifetime
{
    private PostgresServer _postgres = null!;
    private string _database = "";

    public async Task InitializeAsync()
    {
        _postgres = PostgresServer.Start();
        _database = await _postgres.CreateDatabaseAsync("startwait");
        _postgres.Stop();
    }

    public async Task DisposeAsync() => await _postgres.DisposeAsync();

    [Fact]
    public async Task Start_up_waits_for_postgres_then_applies_the_migrations_and_serves()
    {
        await using var host = await OrderServiceHost.CreateAsync(_postgres.Url(_database), servers.Nats.Url);
        var starting = host.StartAsync();
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.False(starting.IsCompleted, $"start-up did not wait for PostgreSQL: {starting.Exception}");

        _postgres.Restart();
        await starting.WaitAsync(TimeSpan.FromSeconds(60));

        var (status, body) = await host.PostAsync("{ ordersCount }");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(0, body.GetProperty("data").GetProperty("ordersCount").GetInt32());
    }

    [Fact]
    public async Task A_database_that_does_not_exist_stops_start_up_at_once_with_postgres_own_words()
    {
        _postgres.Restart();
        await using var host = await OrderServiceHost.CreateAsync(_postgres.Url("no_such_database"), servers.Nats.Url);
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<FraiseQLStartupException>(() => host.StartAsync());

        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(20)); // reached, so nothing to wait for
        Assert.Equal("migrations: 3D000: database \"no_such_database\" does not exist", error.Message);
    }

    [Fact]
    public async Task Start_up_gives_up_after_startup_wait_ms_naming_the_server_and_the_setting()
    {
        await using var host = await OrderServiceHost.CreateAsync(_postgres.Url(_database), servers.Nats.Url, "startup_wait_ms = 1500");
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<FraiseQLStartupException>(() => host.StartAsync());

        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1.4), TimeSpan.FromSeconds(30));
        Assert.Equal(
            $"migrations: PostgreSQL at 127.0.0.1:{_postgres.Port} could not be reached within 1.5 s of start-up (Connection refused). " +
            "Start it or check [database] url; [database] startup_wait_ms sets how long start-up waits for it.",
            error.Message);
    }
}
