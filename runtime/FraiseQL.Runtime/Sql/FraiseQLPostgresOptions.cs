using FraiseQL.Configuration;

namespace FraiseQL.Sql;

/// <summary>
/// PostgreSQL settings of a FraiseQL service (fraiseql.toml <c>[database]</c> plus
/// <c>[validation] max_page_size</c>), bound by the host and passed to
/// <see cref="PostgresServiceCollectionExtensions.AddFraiseQLPostgres"/>.
/// </summary>
public sealed class FraiseQLPostgresOptions
{
    /// <summary>Npgsql connection string or libpq URL (<c>postgresql://user:pass@host:port/db?sslmode=require</c>).</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>Minimum pooled connections ([database] pool_min).</summary>
    public int PoolMin { get; set; }

    /// <summary>Maximum pooled connections ([database] pool_max).</summary>
    public int PoolMax { get; set; } = 20;

    /// <summary>How long opening a connection (or waiting for a pooled one) may take ([database] connect_timeout_ms).</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Idle pooled connections are closed after this long ([database] idle_timeout_ms).</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Server-side limit for one statement; the request timeout cancels earlier through the token.</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest accepted <c>limit</c> on list queries ([validation] max_page_size).</summary>
    public int MaxPageSize { get; set; } = 1000;

    /// <summary>
    /// How long start-up waits for PostgreSQL while it cannot be reached, in all, before the steps that need it give up
    /// ([database] startup_wait_ms; <see cref="StartupDatabaseWait"/>). Zero does not wait.
    /// </summary>
    public TimeSpan StartupWait { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Apply <see cref="MigrationsDirectory"/> at start ([database] apply_migrations).</summary>
    public bool ApplyMigrations { get; set; }

    /// <summary>Folder of <c>*.sql</c> migrations, relative to the content root unless absolute ([database] migrations_dir).</summary>
    public string MigrationsDirectory { get; set; } = "migrations";

    /// <summary>Prepared statements kept per connection (Npgsql <c>Max Auto Prepare</c>).</summary>
    public int MaxAutoPrepare { get; set; } = 256;

    /// <summary>Compiled SQL texts kept in the statement cache (keyed by operation + selection shape + argument shape).</summary>
    public int StatementCacheSize { get; set; } = 2048;

    /// <summary>
    /// Reset session state (RESET ALL, CLOSE ALL, UNLISTEN *, …) when a connection goes back to the pool. Off by
    /// default: the runtime only sets transaction-local settings, so the reset would cost one extra multi-statement
    /// round of work per request for nothing. Turn it on if your own code leaves session state on pooled connections.
    /// </summary>
    public bool ResetSessionOnClose { get; set; }

    /// <summary>
    /// Run queries (reads) through a second, multiplexed data source ([database] multiplexing): Npgsql writes the
    /// statements of concurrent requests onto a few shared connections in one go, which saves system calls and
    /// round trips for small, frequent reads. Mutations, event handlers, the outbox relay and LISTEN keep the
    /// regular pool (they need a connection of their own). Off by default; measure your own workload: many small
    /// reads gain, large result sets can lose. A multiplexed read is never cancelled (a cancel request would stop
    /// whatever statement the shared session runs); PostgreSQL's statement_timeout, set to <see cref="CommandTimeout"/>
    /// on those connections, bounds it instead.
    /// </summary>
    public bool Multiplexing { get; set; }

    /// <summary>
    /// Keep the results of queries that declare <c>cache_ttl_seconds</c> ([caching] enabled, default on). Off: those
    /// queries read PostgreSQL every time, like the others.
    /// </summary>
    public bool ResultCacheEnabled { get; set; } = true;

    /// <summary>Results the cache keeps at most ([caching] max_entries).</summary>
    public int ResultCacheMaxEntries { get; set; } = 10_000;

    /// <summary>Bytes of JSON the cache keeps at most, all results together ([caching] max_bytes).</summary>
    public long ResultCacheMaxBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>
    /// The PostgreSQL channel whose notifications drop cached results of the views they name ([caching]
    /// notify_channel; null or empty: no LISTEN). See <see cref="ResultCacheNotificationListener"/>.
    /// </summary>
    public string? ResultCacheNotifyChannel { get; set; } = CachingDefaults.NotifyChannel;

    /// <summary>
    /// Install, at start, a statement trigger on every table a cached query's views read, notifying
    /// <see cref="ResultCacheNotifyChannel"/> ([caching] notify_triggers). See <see cref="ResultCacheTriggers"/>.
    /// </summary>
    public bool ResultCacheNotifyTriggers { get; set; }
}
