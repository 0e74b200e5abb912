using System.Net.Sockets;
using FraiseQL.Hosting;
using FraiseQL.Sql;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace FraiseQL.Runtime.Tests.Sql;

/// <summary>
/// What start-up waits for and what it does not (the real waits against a stopped PostgreSQL are in the integration
/// tests' OrderServiceStartupWaitTests): only Npgsql's "cannot reach the server" is waited out, for at most the budget.
/// </summary>
public sealed class StartupDatabaseWaitTests
{
    private static readonly NpgsqlDataSource DataSource = NpgsqlDataSource.Create("Host=db.example;Port=6543;Username=app;Database=orders");

    private static NpgsqlException Refused() => new("Failed to connect to db.example:6543", new SocketException((int)SocketError.ConnectionRefused));

    [Fact]
    public async Task A_refused_connection_is_retried_until_the_step_gets_through()
    {
        var wait = new StartupDatabaseWait(TimeSpan.FromSeconds(30), NullLogger<StartupDatabaseWait>.Instance);
        var attempts = 0;

        await wait.RunAsync("migrations", DataSource, _ => ++attempts < 3 ? throw Refused() : Task.CompletedTask, CancellationToken.None);

        Assert.Equal(3, attempts);
    }

    [Fact]
    public async Task With_no_budget_the_first_refused_connection_stops_start_up_naming_the_server_and_the_setting()
    {
        var wait = new StartupDatabaseWait(TimeSpan.Zero, NullLogger<StartupDatabaseWait>.Instance);

        var error = await Assert.ThrowsAsync<FraiseQLStartupException>(() => wait.RunAsync("event tables", DataSource, _ => throw Refused(), CancellationToken.None));

        Assert.StartsWith("event tables: PostgreSQL at db.example:6543 could not be reached at start-up (", error.Message);
        Assert.EndsWith("Start it or check [database] url; [database] startup_wait_ms sets how long start-up waits for it.", error.Message);
    }

    [Fact]
    public async Task A_failure_of_the_step_itself_is_not_waited_for()
    {
        var wait = new StartupDatabaseWait(TimeSpan.FromSeconds(30), NullLogger<StartupDatabaseWait>.Instance);
        var attempts = 0;

        // an IOException of the step's own (a migration file that vanished), and PostgreSQL refusing for a reason of its own
        await Assert.ThrowsAsync<FileNotFoundException>(() => wait.RunAsync("migrations", DataSource, _ => { attempts++; throw new FileNotFoundException("001.sql"); }, CancellationToken.None));
        await Assert.ThrowsAsync<PostgresException>(() => wait.RunAsync("migrations", DataSource,
            _ => { attempts++; throw new PostgresException("database \"orders\" does not exist", "FATAL", "FATAL", "3D000"); }, CancellationToken.None));

        Assert.Equal(2, attempts);
    }

    [Fact]
    public async Task Stopping_the_host_ends_the_wait()
    {
        var wait = new StartupDatabaseWait(TimeSpan.FromMinutes(5), NullLogger<StartupDatabaseWait>.Instance);
        using var stopping = new CancellationTokenSource();
        var attempts = 0;

        // the host stops during the second attempt: no third one, and no five-minute wait
        await Assert.ThrowsAnyAsync<Exception>(() => wait.RunAsync("migrations", DataSource, _ =>
        {
            if (++attempts == 2)
            {
                stopping.Cancel();
            }
            throw Refused();
        }, stopping.Token));

        Assert.Equal(2, attempts);
    }
}
