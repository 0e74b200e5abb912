namespace FraiseQL.Configuration;

/// <summary>
/// [caching]: the bounds of the per-query result cache. A query is cached only when its schema.json entry declares
/// <c>cache_ttl_seconds</c>; this section sizes the cache and can switch it off.
/// </summary>
public sealed class CachingConfig
{
    /// <summary>Off: every <c>cache_ttl_seconds</c> is ignored and every query reads PostgreSQL.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Results kept at most; past it the entries nearest their expiry are dropped first.</summary>
    public int MaxEntries { get; init; } = 10_000;

    /// <summary>Bytes of JSON kept at most (all entries together); a single result larger than a tenth of it is not kept.</summary>
    public long MaxBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>
    /// The PostgreSQL channel the service LISTENs on for view invalidations (a notification's payload names the views,
    /// e.g. from a statement trigger calling <c>pg_notify('fraiseql_cache', 'v_order')</c>); "" turns it off.
    /// </summary>
    public string NotifyChannel { get; init; } = CachingDefaults.NotifyChannel;

    /// <summary>
    /// Install, at start, a statement trigger that notifies <see cref="NotifyChannel"/> on every table the cached queries'
    /// views read, so every committed write drops the results that read it. Needs the right to create triggers there.
    /// </summary>
    public bool NotifyTriggers { get; init; }
}
