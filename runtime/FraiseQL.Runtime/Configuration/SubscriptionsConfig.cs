namespace FraiseQL.Configuration;

/// <summary>[subscriptions]</summary>
public sealed class SubscriptionsConfig
{
    /// <summary>Maximum concurrent subscriptions one WebSocket connection may hold.</summary>
    public int MaxSubscriptionsPerConnection { get; init; } = 100;
    /// <summary>Milliseconds a client has to send connection_init before the socket is closed (4408).</summary>
    public int ConnectionInitTimeoutMs { get; init; } = 10_000;
    /// <summary>
    /// Interval of server pings (0 = off): a protocol <c>ping</c> message and a WebSocket ping frame, which a client
    /// must answer within as long again or be disconnected; on Server-Sent Events streams, a comment line.
    /// </summary>
    public int KeepaliveMs { get; init; } = 15_000;
}
