using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace FraiseQL.Hosting;

/// <summary>
/// OpenTelemetry sources of the runtime: <c>ActivitySource("FraiseQL")</c> (one activity per GraphQL
/// request / WebSocket subscription, and a Consumer activity per event or group of events a handler applies, in the
/// publishing request's trace) and <c>Meter("FraiseQL")</c>. Exporters are the application's
/// choice, e.g. <c>services.AddOpenTelemetry().WithTracing(t =&gt; t.AddSource("FraiseQL").AddNpgsql().AddOtlpExporter())
/// .WithMetrics(m =&gt; m.AddMeter("FraiseQL").AddOtlpExporter())</c>.
/// </summary>
public static class FraiseQLTelemetry
{
    public const string Name = "FraiseQL";

    public static readonly ActivitySource ActivitySource = new(Name, "0.1.0");

    public static readonly Meter Meter = new(Name, "0.1.0");

    /// <summary>GraphQL requests, tagged <c>graphql.operation.type</c> and <c>outcome</c>.</summary>
    public static readonly Counter<long> Requests = Meter.CreateCounter<long>("fraiseql.graphql.requests", "{request}", "GraphQL requests handled.");

    /// <summary>Request duration in seconds, tagged like <see cref="Requests"/>.</summary>
    public static readonly Histogram<double> RequestDuration = Meter.CreateHistogram<double>("fraiseql.graphql.request.duration", "s", "GraphQL request duration.");

    /// <summary>GraphQL errors returned, tagged <c>code</c>.</summary>
    public static readonly Counter<long> Errors = Meter.CreateCounter<long>("fraiseql.graphql.errors", "{error}", "GraphQL errors returned.");

    /// <summary>Root-field (SQL) execution duration in seconds, tagged <c>graphql.field</c>.</summary>
    public static readonly Histogram<double> FieldDuration = Meter.CreateHistogram<double>("fraiseql.graphql.field.duration", "s", "Root field (SQL statement) duration.");

    /// <summary>Result-cache lookups of queries that declare <c>cache_ttl_seconds</c>, tagged <c>outcome</c> (hit, shared, miss or bypass).</summary>
    public static readonly Counter<long> ResultCacheLookups = Meter.CreateCounter<long>("fraiseql.result_cache.lookups", "{lookup}", "Result-cache lookups of cached queries.");

    /// <summary>
    /// Result-cache invalidations, tagged <c>source</c> (mutation, handler, application, nats, postgres) and <c>scope</c>
    /// (views: the named views; all: the whole cache, after a lost NATS or PostgreSQL connection or an empty notification).
    /// </summary>
    public static readonly Counter<long> ResultCacheInvalidations = Meter.CreateCounter<long>("fraiseql.result_cache.invalidations", "{invalidation}", "Result-cache invalidations.");

    /// <summary>Open WebSocket subscriptions.</summary>
    public static readonly UpDownCounter<long> ActiveSubscriptions = Meter.CreateUpDownCounter<long>("fraiseql.subscriptions.active", "{subscription}", "Active GraphQL subscriptions.");
}
