using FraiseQL.Configuration;
using FraiseQL.Events;
using FraiseQL.Execution;
using FraiseQL.Runtime.Security;
using FraiseQL.Runtime.Security.Audit;
using FraiseQL.Runtime.Security.Configuration;
using FraiseQL.Sql;
using Microsoft.Extensions.DependencyInjection;

namespace FraiseQL.Hosting;

/// <summary>
/// Registers the subsystems fraiseql.toml configures, bound from its sections: Kestrel's address and TLS
/// ([server] host/port, [server.tls]), PostgreSQL execution and
/// migrations ([database]), NATS JetStream events, request–reply and subscriptions ([observers]),
/// identity, authorization, RLS session settings and audit ([auth], [security]).
/// </summary>
internal static class FraiseQLRuntimeComposition
{
    public static void Compose(IServiceCollection services, FraiseQLConfig config)
    {
        ServerEndpoint.Configure(services, config.Server, config.Source);
        if (!string.IsNullOrWhiteSpace(config.Database.Url))
        {
            services.AddFraiseQLPostgres(o => BindPostgres(o, config));
        }
        if (UsesNats(config))
        {
            services.AddFraiseQLEvents(o => BindEvents(o, config));
            if (config.Observers.Request.Count > 0)
            {
                services.DecorateWithRemoteQueries();
            }
        }
        if (config.Text is { } toml)
        {
            // the loader's parse of the same file, read for the [auth]/[security]/[tenancy] sections
            var security = config.Root is { } root
                ? SecurityOptionsReader.FromTable(root, config.EnvironmentLookup ?? Environment.GetEnvironmentVariable, config.Source)
                : SecurityOptionsReader.FromToml(toml, config.EnvironmentLookup, config.Source);
            services.AddFraiseQLSecurity(security);
            if (security.Audit.Enabled && !string.IsNullOrWhiteSpace(config.Database.Url))
            {
                RootFieldExecutorDecoration.Decorate(services, "audit", (sp, inner) => new AuditingRootFieldExecutor(inner, sp.GetRequiredService<AuditLog>()));
            }
        }
    }

    /// <summary>NATS is used when [observers] names a NATS URL or any publish/subscribe/request/respond entry.</summary>
    public static bool UsesNats(FraiseQLConfig config)
    {
        var o = config.Observers;
        return o.NatsUrl is not null || o.Publish.Count > 0 || o.Subscribe.Count > 0 || o.Request.Count > 0 || o.Respond.Count > 0;
    }

    private static void BindPostgres(FraiseQLPostgresOptions o, FraiseQLConfig config)
    {
        var db = config.Database;
        o.ConnectionString = PostgresConnectionString.FromUrlOrConnectionString(db.Url!);
        if (db.SslMode is { } sslMode)
        {
            o.ConnectionString = PostgresConnectionString.WithSslMode(o.ConnectionString, sslMode);
        }
        o.PoolMin = db.PoolMin;
        o.PoolMax = db.PoolMax;
        o.ConnectTimeout = TimeSpan.FromMilliseconds(db.ConnectTimeoutMs);
        if (db.CommandTimeoutMs is { } commandTimeout)
        {
            o.CommandTimeout = TimeSpan.FromMilliseconds(commandTimeout);
        }
        else
        {
            o.CommandTimeout = TimeSpan.FromMilliseconds(config.Server.RequestTimeoutMs);
        }
        o.MaxPageSize = config.Validation.MaxPageSize;
        o.ApplyMigrations = db.ApplyMigrations;
        o.StartupWait = TimeSpan.FromMilliseconds(db.StartupWaitMs);
        o.MigrationsDirectory = db.MigrationsDir;
        o.Multiplexing = db.Multiplexing;
        o.ResultCacheEnabled = config.Caching.Enabled;
        o.ResultCacheMaxEntries = config.Caching.MaxEntries;
        o.ResultCacheMaxBytes = config.Caching.MaxBytes;
        o.ResultCacheNotifyChannel = config.Caching.NotifyChannel;
        o.ResultCacheNotifyTriggers = config.Caching.NotifyTriggers;
    }

    private static void BindEvents(FraiseQLEventsOptions o, FraiseQLConfig config)
    {
        var obs = config.Observers;
        o.ServiceName = obs.ServiceName ?? config.Project.Name;
        if (obs.NatsUrl is { Length: > 0 } url)
        {
            o.NatsUrl = url;
        }
        o.Credentials = obs.Credentials;
        o.Stream.Name = obs.Stream.Name;
        o.Stream.Storage = obs.Stream.Storage;
        o.Stream.Retention = obs.Stream.Retention;
        o.Stream.MaxAge = obs.Stream.MaxAge ?? o.Stream.MaxAge;
        o.Stream.Replicas = obs.Stream.Replicas;
        o.Stream.MaxBytes = obs.Stream.MaxBytes ?? o.Stream.MaxBytes;
        o.Consumer.AckWaitMs = obs.Consumer.AckWaitMs;
        o.Consumer.MaxDeliver = obs.Consumer.MaxDeliver;
        if (obs.Consumer.BackoffMs.Count > 0)
        {
            o.Consumer.BackoffMs = [.. obs.Consumer.BackoffMs];
        }
        o.Consumer.MaxAckPending = obs.Consumer.MaxAckPending;
        o.Consumer.MaxConcurrentHandlers = obs.Consumer.MaxConcurrentHandlers;
        o.Consumer.MaxEventsPerTransaction = obs.Consumer.MaxEventsPerTransaction;
        o.Consumer.FetchBatchSize = obs.Consumer.FetchBatchSize;
        o.DeadLetter.SubjectPrefix = obs.DeadLetter.SubjectPrefix;
        o.Outbox.PollIntervalMs = obs.Outbox.PollIntervalMs;
        o.Outbox.BatchSize = obs.Outbox.BatchSize;
        o.Outbox.MaxBackoffMs = obs.Outbox.MaxBackoffMs;
        o.Outbox.MaxInFlight = obs.Outbox.MaxInFlight;
        o.Outbox.InitialBackoffMs = obs.Outbox.InitialBackoffMs;
        o.Outbox.RetainSentHours = obs.Outbox.RetainSentHours;
        o.Outbox.PublishCommittedDirectly = obs.Outbox.PublishCommittedDirectly;
    }
}
