using System.Net;
using System.Text.Json;
using FraiseQL.Integration.Tests.Infrastructure;
using FraiseQL.Testing;

namespace FraiseQL.Integration.Tests.Http;

/// <summary>
/// <c>[database] pool_max</c> is the number of connections requests, mutations and event handlers share. The outbox
/// relay's LISTEN connection, held for the life of the service, used to be one of them: with <c>pool_max = 1</c> every
/// request waited for a connection until it timed out (504) and readiness failed, and any pool ran one short.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class OrderServiceSmallPoolTests(ServersFixture servers)
{
    [Fact]
    public async Task With_pool_max_1_the_service_answers_while_its_outbox_relay_listens()
    {
        var database = await servers.Postgres.CreateDatabaseAsync("pool_max_1");
        await using var host = await OrderServiceHost.CreateAsync(servers.Postgres.Url(database), servers.Nats.Url, poolMax: 1);
        await host.StartAsync();
        await WaitUntilOutboxListensAsync(servers.Postgres.Url(database));

        for (var i = 0; i < 3; i++)
        {
            var (status, body) = await host.PostAsync("{ orders(limit: 5) { id } }").WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal(JsonValueKind.Array, body.GetProperty("data").GetProperty("orders").ValueKind);
        }
        var ready = await host.Client.GetAsync("/health/ready").WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    /// <summary>Until the relay's <c>LISTEN fraiseql_outbox</c> session shows in pg_stat_activity (it starts with the host).</summary>
    private static async Task WaitUntilOutboxListensAsync(string databaseUrl)
    {
        await using var connection = new Npgsql.NpgsqlConnection(FraiseQL.Configuration.PostgresConnectionString.FromUrlOrConnectionString(databaseUrl));
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN fraiseql_outbox'", connection);
        for (var i = 0; i < 200; i++)
        {
            if ((long)(await command.ExecuteScalarAsync())! > 0)
            {
                return;
            }
            await Task.Delay(50);
        }
        Assert.Fail("the outbox relay did not LISTEN within 10 s");
    }
}
