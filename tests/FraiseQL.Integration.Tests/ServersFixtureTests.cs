using FraiseQL.Integration.Tests.Infrastructure;
using Npgsql;

namespace FraiseQL.Integration.Tests;

[Collection(ServersCollection.Name)]
public class ServersFixtureTests(ServersFixture servers)
{
    [Fact]
    public async Task PostgresAnswersOnItsOwnPort()
    {
        var db = await servers.Postgres.CreateDatabaseAsync();
        await using var conn = new NpgsqlConnection(servers.Postgres.ConnectionString(db));
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT current_setting('server_version_num')::int", conn);
        Assert.True((int)(await cmd.ExecuteScalarAsync())! >= 150000);
    }

    [Fact]
    public async Task NatsAcceptsConnections()
    {
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync("127.0.0.1", servers.Nats.Port);
        var buffer = new byte[4];
        var read = await client.GetStream().ReadAsync(buffer);
        Assert.Equal("INFO", System.Text.Encoding.ASCII.GetString(buffer, 0, read));
    }
}
