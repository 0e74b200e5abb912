using System.Diagnostics;

namespace FraiseQL.Integration.Tests.Http;

/// <summary>
/// The order service's own executable (built beside these tests, as its users run it) started with a configuration
/// mistake: it stops with one line on standard error naming the file, the key and what is wrong, and exit code 1, the
/// way a command-line tool does; not with the runtime's "Unhandled exception." report, a stack trace through the
/// configuration loader and an abort (exit code 134). Neither PostgreSQL nor NATS is needed: nothing gets that far.
/// </summary>
public sealed class ServiceStartupErrorTests : IDisposable
{
    private readonly DirectoryInfo _contentRoot = Directory.CreateTempSubdirectory("fraiseql-startup-");

    public void Dispose() => _contentRoot.Delete(recursive: true);

    [Fact]
    public async Task A_toml_syntax_error_stops_the_service_with_the_files_line_and_column_and_exit_code_1()
    {
        var file = await WriteConfigAsync("[database]\nurl = \"postgresql://postgres@127.0.0.1:1/orders\"\npool_max = ${POOL_MAX}\n");

        AssertStoppedWith(
            await RunOrderServiceAsync(),
            $"error: {file}(3,12): invalid TOML: Unexpected token `$` while parsing a value.");
    }

    [Fact]
    public async Task A_missing_environment_variable_stops_the_service_naming_the_variable_the_key_and_the_file()
    {
        // no fraiseql.toml in the content root: the copy the generator embedded is read, whose url is ${DATABASE_URL}
        AssertStoppedWith(
            await RunOrderServiceAsync(),
            "error: fraiseql.toml (embedded by the generator): [database] url: environment variable DATABASE_URL is not set " +
            "(referenced as ${DATABASE_URL}; set it or write ${DATABASE_URL:-default}).");
    }

    [Fact]
    public async Task A_security_setting_that_cannot_work_stops_the_service_the_same_way()
    {
        var file = await WriteConfigAsync("[database]\nurl = \"postgresql://postgres@127.0.0.1:1/orders\"\n[auth]\nprovider = \"jwt\"\n");

        AssertStoppedWith(
            await RunOrderServiceAsync(),
            $"error: {file}: [auth] needs a way to verify signatures: issuer (OIDC discovery), jwks_uri, or [[auth.signing_keys]]");
    }

    [Fact]
    public async Task A_setting_found_missing_when_the_endpoints_are_mapped_stops_the_service_the_same_way()
    {
        // parses, but the schema's operations need PostgreSQL: MapFraiseQL, after the app is built, refuses to start
        var file = await WriteConfigAsync("[project]\nname = \"order-service\"\n");

        var (exitCode, _, stderr) = await RunOrderServiceAsync();

        Assert.Equal(1, exitCode);
        var line = Assert.Single(stderr.TrimEnd().Split('\n'));
        Assert.StartsWith($"error: {file}: [database] url: not set, but the schema has operations that run SQL (", line);
    }

    [Fact]
    public async Task Postgres_out_of_reach_for_longer_than_start_up_waits_stops_the_service_the_same_way()
    {
        // nothing listens on port 1; startup_wait_ms = 0 gives up at the first refused connection
        await WriteConfigAsync("[database]\nurl = \"postgresql://postgres@127.0.0.1:1/orders\"\napply_migrations = true\nstartup_wait_ms = 0\n");

        AssertStoppedWith(
            await RunOrderServiceAsync(),
            "error: migrations: PostgreSQL at 127.0.0.1:1 could not be reached at start-up (Connection refused). " +
            "Start it or check [database] url; [database] startup_wait_ms sets how long start-up waits for it.");
    }

    [Fact]
    public async Task A_command_that_cannot_reach_postgres_says_so_in_one_line_and_exits_1()
    {
        AssertStoppedWith(
            await RunOrderServiceAsync(["dead-letters", "list"], databaseUrl: "postgresql://postgres@127.0.0.1:1/orders"),
            "dead-letters: Failed to connect to 127.0.0.1:1");
    }

    [Fact]
    public async Task A_replay_that_cannot_reach_nats_says_so_in_one_line_and_exits_1()
    {
        // the service's NATS connection reconnects forever; the command gives up and names the URL instead of hanging
        AssertStoppedWith(
            await RunOrderServiceAsync(["dead-letters", "replay", Guid.CreateVersion7().ToString()],
                databaseUrl: "postgresql://postgres@127.0.0.1:1/orders", natsUrl: "nats://127.0.0.1:1"),
            "dead-letters: NATS at nats://127.0.0.1:1 could not be reached within 5 s; a replay publishes there. " +
            "Set NATS_URL (or [observers] nats_url) to the NATS the service uses.");
    }

    [Fact]
    public async Task Migrate_waits_for_postgres_like_start_up_then_says_why_it_gave_up_and_exits_1()
    {
        await WriteConfigAsync("[database]\nurl = \"postgresql://postgres@127.0.0.1:1/orders\"\nstartup_wait_ms = 1000\n");
        var clock = Stopwatch.StartNew();

        var (exitCode, _, stderr) = await RunOrderServiceAsync(["migrate"]);

        Assert.Equal(1, exitCode);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.9), $"gave up after {clock.Elapsed}, before startup_wait_ms");
        Assert.Equal(
            "migrate: PostgreSQL at 127.0.0.1:1 could not be reached within 1 s of start-up (Connection refused). " +
            "Start it or check [database] url; [database] startup_wait_ms sets how long start-up waits for it.",
            stderr.TrimEnd());
    }

    [Fact]
    public async Task An_address_already_in_use_stops_the_service_with_one_line_and_exit_code_1()
    {
        // PostgreSQL is not needed before the server listens: no migrations, no events
        await WriteConfigAsync("[database]\nurl = \"postgresql://postgres@127.0.0.1:1/orders\"\n");
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var address = $"http://127.0.0.1:{((System.Net.IPEndPoint)taken.LocalEndpoint).Port}";

        var (exitCode, _, stderr) = await OrderServiceProcess.RunAsync(_contentRoot.FullName, urls: address);

        // before: the runtime's "Unhandled exception." report on standard error and an abort (exit code 134)
        Assert.Equal(1, exitCode);
        Assert.Equal(
            $"error: the server cannot listen: Failed to bind to address {address}: address already in use. " +
            "Set ASPNETCORE_URLS (or [server] host and port) to an address it can listen on.",
            stderr.TrimEnd());
    }

    /// <summary>
    /// The process ended with exit code 1 and wrote exactly <paramref name="line"/> on standard error, and no exception
    /// report on standard output (where the host's logger would write "Hosting failed to start" and a stack trace).
    /// </summary>
    private static void AssertStoppedWith((int ExitCode, string Stdout, string Stderr) run, string line)
    {
        Assert.Equal(1, run.ExitCode);
        Assert.Equal(line, run.Stderr.TrimEnd());
        Assert.DoesNotContain("Exception", run.Stdout, StringComparison.Ordinal);
    }

    private async Task<string> WriteConfigAsync(string toml)
    {
        var file = Path.Combine(_contentRoot.FullName, "fraiseql.toml");
        await File.WriteAllTextAsync(file, toml);
        return file;
    }

    private Task<(int ExitCode, string Stdout, string Stderr)> RunOrderServiceAsync(string[]? args = null, string? databaseUrl = null, string? natsUrl = null) =>
        OrderServiceProcess.RunAsync(_contentRoot.FullName, args, databaseUrl, natsUrl);
}
