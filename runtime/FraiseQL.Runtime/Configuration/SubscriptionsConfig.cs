namespace FraiseQL.Configuration;

/// <summary>[subscriptions]</summary>
public sealed class SubscriptionsConfig
{
    /// <summary>Maximum concurrent subscriptions one WebSocket connection may hold.</summary>
    public int MaxSubscriptionsPerConnection { get; init; } = 100;
    /// <summary>Seconds a client has to send connection_init before the socket is closed (4408).</summary>
    public int ConnectionInitTimeoutSecs { get; init; } = 10;
}
