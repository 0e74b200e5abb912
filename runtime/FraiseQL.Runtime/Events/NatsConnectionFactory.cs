using Microsoft.Extensions.Logging;
using NATS.Client.Core;

namespace FraiseQL.Events;

/// <summary>Builds the service's single <see cref="NatsConnection"/> from <see cref="FraiseQLEventsOptions"/>
/// (reconnects forever with bounded back-off).</summary>
public static class NatsConnectionFactory
{
    public static NatsConnection Create(FraiseQLEventsOptions options, string serviceName, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        var creds = options.Credentials;
        var opts = NatsOpts.Default with
        {
            Url = options.NatsUrl,
            Name = serviceName,
            LoggerFactory = loggerFactory,
            MaxReconnectRetry = -1,
            ReconnectWaitMin = TimeSpan.FromMilliseconds(100),
            ReconnectWaitMax = TimeSpan.FromSeconds(2),
            ReconnectJitter = TimeSpan.FromMilliseconds(100),
            ConnectTimeout = TimeSpan.FromSeconds(2),
            RetryOnInitialConnect = true,
            RequestTimeout = TimeSpan.FromMilliseconds(options.NatsRequestTimeoutMs),
            AuthOpts = NatsAuthOpts.Default with
            {
                Username = creds.Username,
                Password = creds.Password,
                Token = creds.Token,
                CredsFile = creds.CredsFile,
                NKeyFile = creds.NKeyFile,
            },
        };
        return new NatsConnection(opts);
    }
}
