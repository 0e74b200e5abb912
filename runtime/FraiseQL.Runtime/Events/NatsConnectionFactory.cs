using FraiseQL.Runtime.Security.Nats;
using Microsoft.Extensions.Logging;
using NATS.Client.Core;

namespace FraiseQL.Events;

/// <summary>Builds the service's single <see cref="NatsConnection"/> from <see cref="FraiseQLEventsOptions"/>
/// (reconnects forever with bounded back-off, also after authorization errors). Credentials, TLS and the per-service inbox prefix come from
/// <see cref="NatsConnectionOptionsFactory"/>, which reads the <c>*_file</c> secrets again on every (re)connect.</summary>
public static class NatsConnectionFactory
{
    public static NatsConnection Create(FraiseQLEventsOptions options, string serviceName, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        var reconnecting = NatsOpts.Default with
        {
            LoggerFactory = loggerFactory,
            MaxReconnectRetry = -1,
            ReconnectWaitMin = TimeSpan.FromMilliseconds(100),
            ReconnectWaitMax = TimeSpan.FromSeconds(2),
            ReconnectJitter = TimeSpan.FromMilliseconds(100),
            ConnectTimeout = TimeSpan.FromSeconds(2),
            RetryOnInitialConnect = true,
            // NATS.Net stops reconnecting for good when the server refuses the same credential twice; a service must
            // outlast a rotation done in the other order (the server reloaded before the secret file is rewritten)
            // or an operator's mistake, so it keeps trying and reports NATS not ready meanwhile
            IgnoreAuthErrorAbort = true,
            RequestTimeout = TimeSpan.FromMilliseconds(options.NatsRequestTimeoutMs),
        };
        return new NatsConnection(NatsConnectionOptionsFactory.Create(options.NatsUrl, serviceName, options.Credentials, reconnecting));
    }
}
