using FraiseQL.Events;
using FraiseQL.Execution;
using FraiseQL.Migrations;
using FraiseQL.Schema;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace FraiseQL.Sql;

public static class PostgresServiceCollectionExtensions
{
    /// <summary>
    /// Registers PostgreSQL execution: the pooled <see cref="NpgsqlDataSource"/> (auto-prepare,
    /// Npgsql tracing on ActivitySource "Npgsql", logging), the <see cref="MultiplexedReadDataSource"/> queries use
    /// when <see cref="FraiseQLPostgresOptions.Multiplexing"/> is on, <see cref="PostgresRootFieldExecutor"/>
    /// as <see cref="IRootFieldExecutor"/>, the <see cref="ResultCacheViews"/> its result cache and your code share, the
    /// <see cref="ResultCacheNotificationListener"/> (a LISTEN for view invalidations, when the service caches results),
    /// <see cref="SchemaIndex"/> (if absent), the default
    /// <see cref="ISqlSessionInitializer"/> (if absent), the migration hosted service (runs when
    /// <see cref="FraiseQLPostgresOptions.ApplyMigrations"/>), and the "postgres" health check tagged "ready".
    /// Requires a <see cref="SchemaDescriptor"/> (registered by <c>AddFraiseQLGenerated()</c>).
    /// </summary>
    public static IServiceCollection AddFraiseQLPostgres(this IServiceCollection services, Action<FraiseQLPostgresOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<FraiseQLPostgresOptions>().Configure(configure);
        if (services.Any(d => d.ServiceType == typeof(PostgresRootFieldExecutor)))
        {
            return services; // already registered: a second call only adds its configuration
        }
        services.TryAddSingleton<OwnedDataSources>();
        services.TryAddSingleton(sp => BuildDataSource(sp, PostgresConnectionStrings.Build(Options(sp)).ConnectionString));
        services.TryAddSingleton(sp => new MultiplexedReadDataSource(BuildDataSource(sp, MultiplexedReadDataSource.ConnectionString(Options(sp)))));
        services.TryAddSingleton(sp => new SchemaIndex(sp.GetRequiredService<SchemaDescriptor>()));
        services.TryAddSingleton<ISqlSessionInitializer>(NoOpSqlSessionInitializer.Instance);
        services.TryAddSingleton<ResultCacheViews>();
        services.TryAddSingleton(StartupDatabaseWait.Create);
        services.TryAddSingleton(sp => new PostgresRootFieldExecutor(
            sp.GetRequiredService<NpgsqlDataSource>(),
            sp.GetRequiredService<SchemaIndex>(),
            Options(sp),
            sp.GetRequiredService<ILogger<PostgresRootFieldExecutor>>(),
            sp.GetService<ISqlSessionInitializer>(),
            sp.GetService<IMutationEventSink>(),
            Options(sp).Multiplexing ? sp.GetRequiredService<MultiplexedReadDataSource>().DataSource : null,
            sp.GetRequiredService<ResultCacheViews>()));
        services.TryAddSingleton<IRootFieldExecutor>(sp => sp.GetRequiredService<PostgresRootFieldExecutor>());
        services.TryAddSingleton(sp => new ResultCacheNotificationListener(
            PostgresConnectionStrings.Build(Options(sp)).ConnectionString,
            Options(sp).ResultCacheNotifyChannel,
            QueryResultCache.IsUsed(Options(sp), sp.GetRequiredService<SchemaIndex>().Queries.Values) ? sp.GetRequiredService<ResultCacheViews>() : null,
            sp.GetRequiredService<ILogger<ResultCacheNotificationListener>>(),
            Options(sp).ResultCacheNotifyTriggers ? ResultCacheTriggers.CachedSources(sp.GetRequiredService<SchemaIndex>()) : null));
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<ResultCacheNotificationListener>());
        services.AddSingleton<IHostedService>(sp => new FraiseQLMigrationHostedService(
            sp.GetRequiredService<NpgsqlDataSource>(),
            sp.GetRequiredService<IOptions<FraiseQLPostgresOptions>>(),
            sp.GetRequiredService<IHostEnvironment>(),
            sp.GetRequiredService<ILogger<FraiseQLDatabaseMigrator>>(),
            sp.GetRequiredService<StartupDatabaseWait>()));
        services.AddHealthChecks().AddCheck<PostgresReadinessHealthCheck>("postgres", tags: ["ready"]);
        return services;
    }

    private static FraiseQLPostgresOptions Options(IServiceProvider sp) => sp.GetRequiredService<IOptions<FraiseQLPostgresOptions>>().Value;

    private static NpgsqlDataSource BuildDataSource(IServiceProvider sp, string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        var loggerFactory = sp.GetService<ILoggerFactory>();
        if (loggerFactory is not null)
        {
            builder.UseLoggerFactory(loggerFactory);
        }
        builder.ConfigureTracing(tracing => tracing.EnableFirstResponseEvent(false));
        var dataSource = builder.Build();
        sp.GetRequiredService<OwnedDataSources>().Remember(dataSource, connectionString);
        return dataSource;
    }
}
