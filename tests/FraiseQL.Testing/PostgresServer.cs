using Npgsql;

namespace FraiseQL.Testing;

/// <summary>
/// A throwaway PostgreSQL 15 cluster (initdb + pg_ctl, as the postgres OS user when root) on a
/// loopback port of its own, trust auth, removed on dispose. Share one per test run (xunit
/// collection fixture) and create a database per test class with <see cref="CreateDatabaseAsync"/>.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable, IDisposable
{
    private static readonly string BinDir = Environment.GetEnvironmentVariable("PGBIN") ?? "/usr/lib/postgresql/15/bin";
    private readonly string _root;
    private int _stopped;

    private PostgresServer(string root, int port)
    {
        _root = root;
        Port = port;
    }

    public int Port { get; }

    public string DataDirectory => Path.Combine(_root, "data");

    /// <summary>Connection string for the maintenance database.</summary>
    public string AdminConnectionString => ConnectionString("postgres");

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=true;Maximum Pool Size=50;Include Error Detail=true";

    /// <summary>libpq URL form, as DATABASE_URL would hold it.</summary>
    public string Url(string database) => $"postgresql://postgres@127.0.0.1:{Port}/{database}";

    private const string DirectoryPrefix = "fraiseql-pg-";

    public static PostgresServer Start()
    {
        StopAbandoned();
        var root = Path.Combine(Path.GetTempPath(), DirectoryPrefix + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);
        AbandonedServers.MarkOwner(root);
        if (ProcessRunner.IsRoot)
        {
            ProcessRunner.Run("chown", ["postgres:", root], asPostgres: false, TimeSpan.FromSeconds(10));
        }
        var port = FreePort.Next();
        var server = new PostgresServer(root, port);
        ProcessRunner.Run(Path.Combine(BinDir, "initdb"),
            ["-D", server.DataDirectory, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"],
            asPostgres: true, TimeSpan.FromMinutes(2));
        server.StartServer();
        // a test host stopped by SIGTERM still runs this; one that is killed outright leaves it to the next run
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Dispose();
        return server;
    }

    /// <summary>Stops the clusters of earlier test runs that were killed before they could (<see cref="AbandonedServers"/>).</summary>
    private static void StopAbandoned()
    {
        foreach (var root in AbandonedServers.Find(DirectoryPrefix))
        {
            try
            {
                ProcessRunner.Run(Path.Combine(BinDir, "pg_ctl"), ["-D", Path.Combine(root, "data"), "-m", "immediate", "-w", "stop"], asPostgres: true, TimeSpan.FromMinutes(1));
            }
            catch (InvalidOperationException)
            {
                // not running
            }
            AbandonedServers.Remove(root);
        }
    }

    private void StartServer() =>
        ProcessRunner.Run(Path.Combine(BinDir, "pg_ctl"),
            ["-D", DataDirectory, "-l", Path.Combine(_root, "pg.log"), "-w", "-t", "60", "start",
             "-o", $"-p {Port} -k {_root} -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off {Environment.GetEnvironmentVariable("FRAISEQL_PG_OPTIONS")}".TrimEnd()],
            asPostgres: true, TimeSpan.FromMinutes(2));

    /// <summary>Stops the server (fast shutdown) without removing its data, e.g. to test "PostgreSQL down".</summary>
    public void Stop() =>
        ProcessRunner.Run(Path.Combine(BinDir, "pg_ctl"), ["-D", DataDirectory, "-m", "fast", "-w", "stop"], asPostgres: true, TimeSpan.FromMinutes(1));

    /// <summary>Starts a server stopped with <see cref="Stop"/> again on the same port.</summary>
    public void Restart() => StartServer();

    /// <summary>Creates an empty database with a unique name and returns its name.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix = "test", CancellationToken cancellationToken = default)
    {
        var name = (prefix + "_" + Guid.NewGuid().ToString("N")[..10]).ToLowerInvariant();
        await using var conn = new NpgsqlConnection(AdminConnectionString);
        await conn.OpenAsync(cancellationToken);
        await using var cmd = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", conn);
        await cmd.ExecuteNonQueryAsync(cancellationToken);
        return name;
    }

    /// <summary>Runs a SQL script (several statements) against a database.</summary>
    public async Task ExecuteScriptAsync(string database, string sql, CancellationToken cancellationToken = default)
    {
        await using var conn = new NpgsqlConnection(ConnectionString(database));
        await conn.OpenAsync(cancellationToken);
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }
        try
        {
            NpgsqlConnection.ClearAllPools();
            ProcessRunner.Run(Path.Combine(BinDir, "pg_ctl"), ["-D", DataDirectory, "-m", "immediate", "-w", "stop"], asPostgres: true, TimeSpan.FromMinutes(1));
        }
        catch (InvalidOperationException)
        {
            // already stopped
        }
        finally
        {
            try { Directory.Delete(_root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
