using FraiseQL.Execution;
using FraiseQL.GraphQL;
using FraiseQL.Runtime.Security.Audit;
using FraiseQL.Runtime.Security.EventIdentity;
using FraiseQL.Runtime.Security.Session;
using FraiseQL.Schema;
using FraiseQL.Sql;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NATS.Client.Core;
using NATS.Client.JetStream;
using Npgsql;

namespace FraiseQL.Events;

/// <summary>DI registration of the NATS JetStream events runtime.</summary>
public static class EventsServiceCollectionExtensions
{
    /// <summary>
    /// Registers the outbox sink (<see cref="IMutationEventSink"/>), the table initializer, the outbox relay, one durable
    /// consumer per [[observers.subscribe]] entry, the [[observers.respond]] responders, the subscription stream
    /// (<see cref="ISubscriptionEventStream"/>), the <see cref="ResultCacheBroadcaster"/> that keeps the instances' result
    /// caches coherent, the NATS connection and the "nats" readiness check (tag "ready").
    /// Needs an <see cref="IGeneratedService"/> and an <see cref="NpgsqlDataSource"/> in DI. Call
    /// <see cref="DecorateWithRemoteQueries"/> after the SQL executor is registered.
    /// </summary>
    public static IServiceCollection AddFraiseQLEvents(this IServiceCollection services, Action<FraiseQLEventsOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = new FraiseQLEventsOptions();
        configure?.Invoke(options);
        services.TryAddSingleton(options);
        services.TryAddSingleton(sp =>
        {
            var o = sp.GetRequiredService<FraiseQLEventsOptions>();
            return new EventServiceIdentity(string.IsNullOrWhiteSpace(o.ServiceName) ? sp.GetRequiredService<IGeneratedService>().Schema.ServiceName : o.ServiceName);
        });
        services.TryAddSingleton(sp => new SchemaIndex(sp.GetRequiredService<IGeneratedService>().Schema)); // no-op when the HTTP layer registered one
        services.TryAddSingleton(sp => NatsConnectionFactory.Create(
            sp.GetRequiredService<FraiseQLEventsOptions>(), sp.GetRequiredService<EventServiceIdentity>().ServiceName,
            FraiseQL.Hosting.FraiseQLCommandLine.IsMaintenanceCommand(FraiseQL.Hosting.FraiseQLCommandLine.ProcessArguments)
                ? Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance
                : sp.GetRequiredService<ILoggerFactory>()));
        services.TryAddSingleton<INatsConnection>(sp => sp.GetRequiredService<NatsConnection>());
        services.TryAddSingleton<INatsJSContext>(sp => new NatsJSContext(sp.GetRequiredService<NatsConnection>()));
        services.TryAddSingleton(sp => new EventStreamTopology(
            sp.GetRequiredService<INatsJSContext>(), sp.GetRequiredService<FraiseQLEventsOptions>(), sp.GetRequiredService<ILogger<EventStreamTopology>>()));
        services.TryAddSingleton(sp => new OutboxPublisher(
            sp.GetRequiredService<INatsJSContext>(), sp.GetRequiredService<EventStreamTopology>(), sp.GetRequiredService<FraiseQLEventsOptions>()));
        services.TryAddSingleton(sp => new JsonSelectionProjector(sp.GetRequiredService<SchemaIndex>()));
        services.TryAddSingleton(sp => new EventHandlerInvoker(
            sp.GetRequiredService<NpgsqlDataSource>(),
            // with security registered, handlers run as the event's sender (RLS tenant, p_context)
            sp.GetService<PostgresSessionInitializer>() is { } session ? new EventHandlerIdentity(session) : null));
        services.TryAddSingleton(sp => new DeadLetterStore(
            sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<INatsJSContext>(), sp.GetRequiredService<EventStreamTopology>(),
            sp.GetRequiredService<EventServiceIdentity>(), sp.GetRequiredService<FraiseQLEventsOptions>(), sp.GetRequiredService<ILogger<DeadLetterStore>>()));
        // with a relay in this process the sink hands it each committed event; without one it NOTIFYs the others
        services.TryAddSingleton<IMutationEventSink>(sp => new OutboxEventSink(
            sp.GetRequiredService<EventServiceIdentity>(), sp.GetRequiredService<ILogger<OutboxEventSink>>(),
            sp.GetRequiredService<FraiseQLEventsOptions>().Outbox.PublishCommittedDirectly ? sp.GetService<OutboxRelay>() : null));
        services.TryAddSingleton(sp => new NatsSubscriptionEventStream(
            sp.GetRequiredService<INatsConnection>(), sp.GetRequiredService<JsonSelectionProjector>(), sp.GetRequiredService<ILogger<NatsSubscriptionEventStream>>()));
        services.TryAddSingleton<ISubscriptionEventStream>(sp => sp.GetRequiredService<NatsSubscriptionEventStream>());

        services.TryAddSingleton(sp => new ResultCacheBroadcaster(
            sp.GetRequiredService<INatsConnection>(),
            sp.GetService<FraiseQL.Sql.ResultCacheViews>(),
            sp.GetService<Microsoft.Extensions.Options.IOptions<FraiseQL.Sql.FraiseQLPostgresOptions>>() is { } postgres
                && FraiseQL.Sql.QueryResultCache.IsUsed(postgres.Value, sp.GetRequiredService<IGeneratedService>().Schema.Queries),
            sp.GetRequiredService<EventServiceIdentity>(),
            sp.GetRequiredService<ILogger<ResultCacheBroadcaster>>()));
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<ResultCacheBroadcaster>());
        services.TryAddSingleton(StartupDatabaseWait.Create);
        services.AddHostedService(sp => new EventStoreInitializer(sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<ILogger<EventStoreInitializer>>(), sp.GetRequiredService<StartupDatabaseWait>()));
        if (options.EnableRelay)
        {
            services.TryAddSingleton(sp =>
            {
                var dataSource = sp.GetRequiredService<NpgsqlDataSource>();
                // the LISTEN on a connection of its own, outside the pool, when the runtime built the data source
                var listenConnectionString = sp.GetService<FraiseQL.Sql.OwnedDataSources>()?.ConnectionStringOf(dataSource);
                return new OutboxRelay(
                    dataSource, sp.GetRequiredService<OutboxPublisher>(),
                    sp.GetRequiredService<FraiseQLEventsOptions>(), sp.GetRequiredService<ILogger<OutboxRelay>>(),
                    listenConnectionString is null ? null : OutboxRelay.ListenConnectionString(listenConnectionString));
            });
            services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<OutboxRelay>());
        }
        if (options.EnableConsumers)
        {
            services.TryAddSingleton(sp => new EventConsumerService(
                sp.GetRequiredService<IGeneratedService>(), sp.GetRequiredService<EventHandlerInvoker>(), sp.GetRequiredService<DeadLetterStore>(),
                sp.GetRequiredService<INatsJSContext>(), sp.GetRequiredService<EventStreamTopology>(), sp.GetRequiredService<EventServiceIdentity>(),
                sp.GetRequiredService<FraiseQLEventsOptions>(), sp.GetRequiredService<ILogger<EventConsumerService>>(),
                sp.GetService<AuditLog>(), sp.GetService<FraiseQL.Sql.ResultCacheViews>()));
            services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<EventConsumerService>());
        }
        if (options.EnableResponders)
        {
            services.AddSingleton<IHostedService>(sp => new RequestResponderService(
                Responders(sp.GetRequiredService<IGeneratedService>().Schema, sp.GetRequiredService<FraiseQLEventsOptions>()),
                sp.GetRequiredService<INatsConnection>(), sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<EventServiceIdentity>(),
                sp.GetRequiredService<ILogger<RequestResponderService>>()));
        }
        services.AddHealthChecks().Add(new HealthCheckRegistration(
            "nats",
            sp => new NatsReadinessHealthCheck(sp.GetRequiredService<INatsConnection>(), sp.GetRequiredService<FraiseQLEventsOptions>()),
            failureStatus: HealthStatus.Unhealthy,
            tags: ["ready"]));
        return services;
    }

    /// <summary>
    /// Wraps the registered <see cref="IRootFieldExecutor"/> in a <see cref="RemoteQueryExecutor"/> so queries with
    /// [[observers.request]] go over NATS. Call after the SQL executor is registered (and after AddFraiseQLEvents).
    /// </summary>
    public static IServiceCollection DecorateWithRemoteQueries(this IServiceCollection services) =>
        RootFieldExecutorDecoration.Decorate(services, nameof(DecorateWithRemoteQueries), (sp, inner) => new RemoteQueryExecutor(
            inner, sp.GetRequiredService<INatsConnection>(), sp.GetRequiredService<JsonSelectionProjector>(),
            sp.GetRequiredService<EventServiceIdentity>(), sp.GetRequiredService<ILogger<RemoteQueryExecutor>>()));

    /// <summary>SchemaDescriptor.Responds plus options.Responders (by subject, schema first).</summary>
    public static IReadOnlyList<RespondDescriptor> Responders(SchemaDescriptor schema, FraiseQLEventsOptions options)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(options);
        var result = new List<RespondDescriptor>(schema.Responds);
        foreach (var extra in options.Responders)
        {
            if (!result.Any(r => r.Subject == extra.Subject))
            {
                result.Add(new RespondDescriptor { Subject = extra.Subject, Handler = extra.Handler, Sql = SqlIdentifier.JsonbCall(extra.Handler) });
            }
        }
        return result;
    }
}
