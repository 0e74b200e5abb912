using FraiseQL.Integration.Tests.Infrastructure;
using FraiseQL.Runtime.Security.Database;
using FraiseQL.Runtime.Security.Nats;
using FraiseQL.Testing;
using Microsoft.Extensions.DependencyInjection;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Npgsql;

namespace FraiseQL.Integration.Tests.Security;

/// <summary>Rotating the NATS password and the PostgreSQL password while traffic flows, without a restart.</summary>
[Collection(ServersCollection.Name)]
public sealed class SecretRotationTests(ServersFixture servers, Xunit.Abstractions.ITestOutputHelper output) : IDisposable
{
    private readonly DirectoryInfo _secrets = Directory.CreateTempSubdirectory("fraiseql-secrets-");

    public void Dispose() => _secrets.Delete(recursive: true);

    private const string OrderToml = """
        [project]
        name = "order-service"
        [[observers.publish]]
        mutation = "create_order"
        subject = "fraiseql.order.created"
        """;

    [Fact]
    public async Task Nats_password_file_rotation_reconnects_with_the_new_password_and_loses_no_event()
    {
        var profile = NatsServiceProfileReader.FromToml(OrderToml, "fraiseql.toml", environment: null);
        string ConfigWith(string password) => NatsAuthorizationConfigGenerator.Generate([profile], _ => password);
        var passwordFile = Path.Combine(_secrets.FullName, "nats-password");
        await File.WriteAllTextAsync(passwordFile, "pw-1\n");

        using var server = NatsServer.Start(ConfigWith("pw-1"));
        var credentials = new NatsCredentialOptions { User = "order-service", PasswordFile = passwordFile };
        var opts = NatsConnectionOptionsFactory.Create(server.Url, "order-service", credentials) with
        {
            ReconnectWaitMin = TimeSpan.FromMilliseconds(50),
            ReconnectWaitMax = TimeSpan.FromMilliseconds(200),
            RequestTimeout = TimeSpan.FromSeconds(2),
        };
        await using var connection = new NatsConnection(opts);
        var disconnects = 0;
        connection.ConnectionDisconnected += (_, _) => { Interlocked.Increment(ref disconnects); return ValueTask.CompletedTask; };
        connection.ServerError += (_, e) => { output.WriteLine("server error: " + e.Error); return ValueTask.CompletedTask; };
        await connection.ConnectAsync();
        var js = new NatsJSContext(connection);
        await js.CreateStreamAsync(new StreamConfig("FRAISEQL_ORDER", ["fraiseql.order.>"]) { DuplicateWindow = TimeSpan.FromMinutes(2) });

        const int total = 150;
        var retries = 0;
        for (var i = 0; i < total; i++)
        {
            if (i == 50)
            {
                await File.WriteAllTextAsync(passwordFile, "pw-2\n"); // the secret manager writes the new password…
                server.Reload(ConfigWith("pw-2"));                     // …and the server stops accepting the old one
                // the reload is a signal the server applies on its own time: publish the other 100 only once it has
                // dropped the connection of the old password (a fast machine published all 150 before it did)
                await FraiseQL.Integration.Tests.Events.Support.Eventually.WaitUntilAsync(
                    () => Task.FromResult(Volatile.Read(ref disconnects) >= 1), "the server drops the connection authenticated with the old password", timeoutSeconds: 15);
            }
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
                    var ack = await js.PublishAsync("fraiseql.order.created", $"{{\"n\":{i}}}",
                        headers: new NatsHeaders { ["Nats-Msg-Id"] = $"evt-{i}" }, cancellationToken: timeout.Token);
                    ack.EnsureSuccess();
                    break;
                }
                catch (NatsJSDuplicateMessageException)
                {
                    break; // an earlier attempt was stored but its ack was lost in the reconnect: stored once
                }
                catch (Exception ex) when (attempt < 40 && ex is NatsException or NatsJSException or OperationCanceledException or TimeoutException)
                {
                    retries++; // the outbox relay retries the same way (same Nats-Msg-Id, de-duplicated)
                    output.WriteLine($"retry {i}/{attempt}: {ex.GetType().Name} {ex.Message}");
                    await Task.Delay(100);
                }
            }
        }

        var stream = await js.GetStreamAsync("FRAISEQL_ORDER");
        Assert.Equal(total, (int)stream.Info.State.Messages);
        Assert.True(disconnects >= 1, "the server never dropped the connection authenticated with the old password");
        Assert.Equal(NatsConnectionState.Open, connection.ConnectionState);
        output.WriteLine($"{total} events stored exactly once; {retries} publish retries during the rotation");

        await using var stale = new NatsConnection(NatsConnectionOptionsFactory.Create(server.Url, "order-service",
            new NatsCredentialOptions { User = "order-service", Password = "pw-1" }) with { MaxReconnectRetry = 0 });
        await Assert.ThrowsAnyAsync<NatsException>(async () => await stale.ConnectAsync());
    }

    [Fact]
    public async Task Service_connection_uses_the_password_file_named_in_fraiseql_toml_and_reads_it_again_on_reconnect()
    {
        // the service's own connection, built from fraiseql.toml as a service builds it (a relative password_file is
        // taken from the toml's folder), not a connection assembled by the test
        var profile = NatsServiceProfileReader.FromToml(OrderToml, "fraiseql.toml", environment: null);
        string ConfigWith(string password) => NatsAuthorizationConfigGenerator.Generate([profile], _ => password);
        await File.WriteAllTextAsync(Path.Combine(_secrets.FullName, "nats-password"), "pw-1\n");
        using var server = NatsServer.Start(ConfigWith("pw-1"));
        var tomlPath = Path.Combine(_secrets.FullName, "fraiseql.toml");
        await File.WriteAllTextAsync(tomlPath, $"""
            [project]
            name = "order-service"
            [observers]
            nats_url = "{server.Url}"
            [observers.credentials]
            user = "order-service"
            password_file = "nats-password"
            [[observers.publish]]
            mutation = "create_order"
            subject = "fraiseql.order.created"
            """);
        var config = FraiseQL.Configuration.FraiseQLConfigLoader.LoadFile(tomlPath, _ => null);
        var services = new ServiceCollection();
        services.AddLogging();
        FraiseQL.Hosting.FraiseQLRuntimeComposition.Compose(services, config);
        await using var provider = services.BuildServiceProvider();
        var connection = provider.GetRequiredService<NatsConnection>();
        var disconnects = 0;
        connection.ConnectionDisconnected += (_, _) => { Interlocked.Increment(ref disconnects); return ValueTask.CompletedTask; };

        await connection.ConnectAsync();
        await connection.PingAsync();
        Assert.Equal(NatsSubjects.InboxPrefix("order-service"), connection.Opts.InboxPrefix);

        // the server takes the new password before the secret manager has written it: the client is refused with
        // the same authorization error on every attempt meanwhile, and must keep trying rather than give up for good
        server.Reload(ConfigWith("pw-2"));
        await FraiseQL.Integration.Tests.Events.Support.Eventually.WaitUntilAsync(
            () => Task.FromResult(Volatile.Read(ref disconnects) >= 1), "the server drops the connection authenticated with the old password", timeoutSeconds: 15);
        await Task.Delay(TimeSpan.FromSeconds(3));
        await File.WriteAllTextAsync(Path.Combine(_secrets.FullName, "nats-password"), "pw-2\n");
        await FraiseQL.Integration.Tests.Events.Support.Eventually.WaitUntilAsync(async () =>
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await connection.PingAsync(timeout.Token);
                return connection.ConnectionState == NatsConnectionState.Open;
            }
            catch (Exception ex) when (ex is NatsException or OperationCanceledException or TimeoutException)
            {
                return false;
            }
        }, "the service's connection reconnects with the password it reads from the rotated file", timeoutSeconds: 20);
    }

    [Fact]
    public async Task Database_password_file_rotation_keeps_traffic_flowing_and_new_connections_use_the_new_password()
    {
        var role = "rot_" + Guid.NewGuid().ToString("N")[..8];
        var database = await servers.Postgres.CreateDatabaseAsync("rotation");
        var hba = Path.Combine(servers.Postgres.DataDirectory, "pg_hba.conf");
        var hbaLine = $"host all {role} 127.0.0.1/32 scram-sha-256\n";
        var originalHba = await File.ReadAllTextAsync(hba);
        await File.WriteAllTextAsync(hba, hbaLine + originalHba); // this role must present its password; others keep trust
        await ExecuteAdminAsync($"SET password_encryption = 'scram-sha-256'; CREATE ROLE {role} LOGIN PASSWORD 'db-pw-1'; SELECT pg_reload_conf();");
        try
        {
            var passwordFile = Path.Combine(_secrets.FullName, "db-password");
            await File.WriteAllTextAsync(passwordFile, "db-pw-1\n");
            var connectionString = new NpgsqlConnectionStringBuilder(servers.Postgres.ConnectionString(database))
            {
                Username = role,
                MaxPoolSize = 4,
                MinPoolSize = 4,
            }.ConnectionString;
            await using var dataSource = new NpgsqlDataSourceBuilder(connectionString).UsePasswordFile(passwordFile).Build();

            async Task<int> QueryAsync(int n)
            {
                await using var command = dataSource.CreateCommand("SELECT $1::int");
                command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = n });
                return (int)(await command.ExecuteScalarAsync())!;
            }

            var traffic = Enumerable.Range(0, 4).Select(async worker =>
            {
                var done = 0;
                for (var i = 0; i < 150; i++)
                {
                    Assert.Equal(i, await QueryAsync(i));
                    done++;
                }
                return done;
            }).ToList();

            await Task.Delay(50);
            await File.WriteAllTextAsync(passwordFile, "db-pw-2\n");
            await ExecuteAdminAsync($"ALTER ROLE {role} PASSWORD 'db-pw-2'");

            Assert.Equal(600, (await Task.WhenAll(traffic)).Sum());

            dataSource.Clear(); // retire pooled connections: the next ones authenticate afresh
            Assert.Equal(42, await QueryAsync(42));

            var stale = new NpgsqlConnectionStringBuilder(connectionString) { Password = "db-pw-1", Pooling = false }.ConnectionString;
            await using var staleConnection = new NpgsqlConnection(stale);
            var failure = await Assert.ThrowsAsync<PostgresException>(() => staleConnection.OpenAsync());
            Assert.Equal("28P01", failure.SqlState); // invalid_password
        }
        finally
        {
            await File.WriteAllTextAsync(hba, originalHba);
            NpgsqlConnection.ClearAllPools();
            await ExecuteAdminAsync("SELECT pg_reload_conf()");
            await ExecuteAdminAsync($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
            await ExecuteAdminAsync($"DROP ROLE IF EXISTS {role}");
        }
    }

    private async Task ExecuteAdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(servers.Postgres.AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
