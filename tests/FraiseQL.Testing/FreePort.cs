using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace FraiseQL.Testing;

/// <summary>
/// Loopback ports for the test servers, chosen below the kernel's ephemeral range. A port inside it (what binding port
/// 0 returns) can be taken while its server is down by any outgoing connection's source port, and a client that keeps
/// reconnecting to a stopped server can even connect to itself (TCP simultaneous open on one port); either way the
/// server cannot bind its port again when it restarts. Outside the range neither can happen.
/// </summary>
public static class FreePort
{
    private const int Lowest = 20_000;
    private static readonly HashSet<int> Handed = [];

    /// <summary>A loopback TCP port nobody listens on right now, outside the ephemeral range, not handed out before by this process.</summary>
    public static int Next()
    {
        var below = EphemeralRangeStart();
        if (below - Lowest >= 1_000)
        {
            for (var attempt = 0; attempt < 200; attempt++)
            {
                var port = Random.Shared.Next(Lowest, below);
                lock (Handed)
                {
                    if (!Handed.Add(port))
                    {
                        continue;
                    }
                }
                if (IsFree(port))
                {
                    return port;
                }
            }
        }
        using var listener = new TcpListener(IPAddress.Loopback, 0); // a small ephemeral range: let the kernel choose
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>The first port of Linux's ephemeral range (<c>net.ipv4.ip_local_port_range</c>), 32768 if unknown.</summary>
    private static int EphemeralRangeStart()
    {
        try
        {
            var text = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range");
            var first = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)[0];
            return int.Parse(first, NumberStyles.None, CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return 32_768;
        }
    }
}
