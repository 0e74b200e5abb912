using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace FraiseQL.Integration.Tests.Infrastructure;

/// <summary>
/// A TCP proxy on a loopback port in front of PostgreSQL that passes its first connection through at once and holds
/// every later one back for a while before connecting it (PostgreSQL's cancel requests come on connections of their own).
/// </summary>
public sealed class DelayingProxy : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly string _host;
    private readonly int _port;
    private readonly TimeSpan _holdAfterFirst;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _pumps = [];
    private readonly Task _accepting;
    private int _connections;

    private DelayingProxy(NpgsqlConnectionStringBuilder target, TimeSpan holdAfterFirst)
    {
        _host = target.Host!;
        _port = target.Port;
        _holdAfterFirst = holdAfterFirst;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        var through = new NpgsqlConnectionStringBuilder(target.ConnectionString)
        {
            Host = "127.0.0.1",
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port,
        };
        ConnectionString = through.ConnectionString;
        _accepting = AcceptAsync();
    }

    /// <summary>The target's connection string, pointed at the proxy.</summary>
    public string ConnectionString { get; }

    /// <summary>Connections accepted so far.</summary>
    public int Connections => Volatile.Read(ref _connections);

    public static Task<DelayingProxy> StartAsync(NpgsqlConnectionStringBuilder target, TimeSpan holdAfterFirst) =>
        Task.FromResult(new DelayingProxy(target, holdAfterFirst));

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                var first = Interlocked.Increment(ref _connections) == 1;
                lock (_pumps)
                {
                    _pumps.Add(ForwardAsync(client, first ? TimeSpan.Zero : _holdAfterFirst));
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task ForwardAsync(TcpClient client, TimeSpan hold)
    {
        using (client)
        using (var server = new TcpClient())
        {
            try
            {
                await Task.Delay(hold, _stop.Token);
                await server.ConnectAsync(_host, _port, _stop.Token);
                var up = client.GetStream().CopyToAsync(server.GetStream(), _stop.Token);
                var down = server.GetStream().CopyToAsync(client.GetStream(), _stop.Token);
                await Task.WhenAny(up, down);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or SocketException)
            {
                // the proxy stopped, or one side closed
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        Task[] pumps;
        lock (_pumps)
        {
            pumps = [.. _pumps];
        }
        await Task.WhenAll(pumps);
        _stop.Dispose();
    }
}
