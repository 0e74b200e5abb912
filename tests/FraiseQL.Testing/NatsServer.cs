using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace FraiseQL.Testing;

/// <summary>
/// A real <c>nats-server -js</c> on a loopback port of its own with a private JetStream store.
/// <see cref="Stop"/> / <see cref="Restart"/> keep the port and the store, to test outages.
/// Pass <paramref name="configText"/> to start with an authorization block.
/// </summary>
public sealed class NatsServer : IAsyncDisposable, IDisposable
{
    private readonly string _root;
    private string? _configText;
    private Process? _process;

    private NatsServer(string root, int port, string? configText)
    {
        _root = root;
        Port = port;
        _configText = configText;
    }

    public int Port { get; }

    public string Url => $"nats://127.0.0.1:{Port}";

    public string StoreDirectory => Path.Combine(_root, "jetstream");

    public static NatsServer Start(string? configText = null)
    {
        StopAbandoned();
        var root = Path.Combine(Path.GetTempPath(), DirectoryPrefix + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);
        AbandonedServers.MarkOwner(root);
        var server = new NatsServer(root, FreePort.Next(), configText);
        server.Restart();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Dispose();
        return server;
    }

    private const string DirectoryPrefix = "fraiseql-nats-";

    private const string ServerPidFile = "server.pid";

    /// <summary>Kills the nats-servers of earlier test runs that were killed before they could (<see cref="AbandonedServers"/>).</summary>
    private static void StopAbandoned()
    {
        foreach (var root in AbandonedServers.Find(DirectoryPrefix))
        {
            try
            {
                if (int.TryParse(File.ReadAllText(Path.Combine(root, ServerPidFile)), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                    && AbandonedServers.IsAlive(pid)
                    && File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/cmdline").Contains(root, StringComparison.Ordinal))
                {
                    using var process = Process.GetProcessById(pid);
                    process.Kill();
                    process.WaitForExit(10_000);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // gone already, or never started
            }
            AbandonedServers.Remove(root);
        }
    }

    /// <summary>Starts (or starts again) the server process and waits until it accepts connections.</summary>
    public void Restart()
    {
        if (_process is { HasExited: false })
        {
            throw new InvalidOperationException("nats-server is already running");
        }
        var args = new List<string> { "-a", "127.0.0.1", "-p", Port.ToString(CultureInfo.InvariantCulture), "-js", "-sd", StoreDirectory };
        if (_configText is not null)
        {
            var conf = Path.Combine(_root, "nats.conf");
            File.WriteAllText(conf, _configText);
            args.Add("-c");
            args.Add(conf);
        }
        var psi = ProcessRunner.CreateStartInfo(Environment.GetEnvironmentVariable("NATS_SERVER") ?? "nats-server", args, asPostgres: false);
        _process = Process.Start(psi) ?? throw new InvalidOperationException("Could not start nats-server (apt-get install -y nats-server)");
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        File.WriteAllText(Path.Combine(_root, ServerPidFile), _process.Id.ToString(CultureInfo.InvariantCulture));
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"nats-server exited with {_process.ExitCode}");
            }
            try
            {
                using var client = new TcpClient();
                client.Connect("127.0.0.1", Port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(50);
            }
        }
        throw new TimeoutException("nats-server did not start listening within 20 s");
    }

    /// <summary>
    /// Replaces the configuration file and signals the running server to reload it (SIGHUP), e.g. to rotate
    /// credentials; clients whose credentials are no longer valid are disconnected by the server.
    /// </summary>
    public void Reload(string configText)
    {
        if (_process is not { HasExited: false } process || _configText is null)
        {
            throw new InvalidOperationException("Reload needs a running nats-server started with a configuration");
        }
        // nats-server re-reads only the file on reload: without a jetstream block it would switch JetStream off
        // (the -js/-sd command-line flags are not re-applied), so keep it on explicitly.
        if (!configText.Contains("store_dir", StringComparison.Ordinal))
        {
            configText += $"\njetstream {{ store_dir: \"{StoreDirectory}\" }}\n";
        }
        _configText = configText;
        File.WriteAllText(Path.Combine(_root, "nats.conf"), configText);
        using var signal = Process.Start(new ProcessStartInfo("kill", ["-HUP", process.Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false })
            ?? throw new InvalidOperationException("Could not run kill -HUP");
        signal.WaitForExit(10_000);
        if (signal.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -HUP {process.Id} exited with {signal.ExitCode}");
        }
    }

    /// <summary>Kills the server (an outage); the JetStream store stays for <see cref="Restart"/>.</summary>
    public void Stop()
    {
        if (_process is { HasExited: false } p)
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit(10_000);
        }
        _process?.Dispose();
        _process = null;
    }

    public void Dispose()
    {
        Stop();
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
