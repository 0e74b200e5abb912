using FraiseQL.Schema;
using FraiseQL.Sql;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace FraiseQL.Hosting;

/// <summary>
/// <c>&lt;service&gt; cache-triggers [--install]</c>: the statement triggers that keep the result cache exact after writes
/// made outside FraiseQL (<see cref="ResultCacheTriggers"/>), for the tables behind the views the cached queries read.
/// Prints their DDL, for a migration file (the database is read to find the tables, not changed); with
/// <c>--install</c>, creates them. What <c>[caching] notify_triggers = true</c> does at start, for teams whose service
/// may not run DDL.
/// </summary>
internal static class CacheTriggersCommand
{
    public const string Usage = "usage: <service> cache-triggers [--install]";

    public static async Task<int> RunAsync(string[] args, IServiceProvider services, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var install = false;
        foreach (var arg in args.Skip(1))
        {
            if (arg == "--install")
            {
                install = true;
            }
            else
            {
                await error.WriteLineAsync($"cache-triggers: unexpected argument \"{arg}\"\n{Usage}").ConfigureAwait(false);
                return 2;
            }
        }
        if (services.GetService<NpgsqlDataSource>() is not { } dataSource)
        {
            await error.WriteLineAsync("cache-triggers: fraiseql.toml has no [database] url").ConfigureAwait(false);
            return 2;
        }
        var options = services.GetRequiredService<IOptions<FraiseQLPostgresOptions>>().Value;
        if (string.IsNullOrEmpty(options.ResultCacheNotifyChannel))
        {
            await error.WriteLineAsync("cache-triggers: [caching] notify_channel is \"\", so there is no channel for the triggers to notify").ConfigureAwait(false);
            return 2;
        }
        var sources = ResultCacheTriggers.CachedSources(services.GetRequiredService<SchemaIndex>());
        if (sources.Count == 0)
        {
            await output.WriteLineAsync("-- no query declares cache_ttl_seconds: the result cache needs no triggers").ConfigureAwait(false);
            return 0;
        }
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var outcome = install
            ? await ResultCacheTriggers.InstallAsync(connection, options.ResultCacheNotifyChannel, sources, cancellationToken).ConfigureAwait(false)
            : await ResultCacheTriggers.PlanAsync(connection, null, options.ResultCacheNotifyChannel, sources, cancellationToken).ConfigureAwait(false);
        foreach (var view in outcome.UnknownViews)
        {
            await error.WriteLineAsync($"cache-triggers: {view}, read by a cached query, is not a relation in the database: no trigger for it").ConfigureAwait(false);
        }
        if (install)
        {
            foreach (var table in outcome.Tables)
            {
                await output.WriteLineAsync($"cache-triggers: {table.Table} notifies {string.Join(",", table.Views)} on {options.ResultCacheNotifyChannel}").ConfigureAwait(false);
            }
            return 0;
        }
        await output.WriteLineAsync($"-- result-cache triggers for the views cached queries read, notifying channel {options.ResultCacheNotifyChannel} (printed by `<service> cache-triggers`)").ConfigureAwait(false);
        await output.WriteAsync(outcome.Ddl).ConfigureAwait(false);
        return 0;
    }
}
