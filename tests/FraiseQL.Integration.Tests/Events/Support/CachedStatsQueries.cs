using System.Buffers;
using System.Text;
using FraiseQL.Execution;
using FraiseQL.Schema;
using FraiseQL.Sql;
using static FraiseQL.Integration.Tests.Sql.Sel;

namespace FraiseQL.Integration.Tests.Events.Support;

/// <summary>
/// The analytics service's views read through queries that declare cache_ttl_seconds (60 s), for the tests of result
/// cache invalidation by event handlers and across instances: <c>orderStats</c> (v_order_stats) and
/// <c>orderEvents</c> (v_order_event), both selecting <c>eventCount</c>.
/// </summary>
public static class CachedStatsQueries
{
    public static readonly QueryDescriptor OrderStats = new()
    {
        Name = "orderStats",
        ReturnType = "OrderStats",
        SqlSource = "\"v_order_stats\"",
        CacheTtlSeconds = 60,
    };

    public static readonly QueryDescriptor OrderEvents = new()
    {
        Name = "orderEvents",
        ReturnType = "OrderStats",
        SqlSource = "\"v_order_event\"",
        ReturnsList = true,
        CacheTtlSeconds = 60,
    };

    public static SchemaDescriptor StatsSchema(string serviceName) => new()
    {
        ServiceName = serviceName,
        Types =
        [
            new ObjectTypeDescriptor
            {
                Name = "OrderStats",
                Embedded = true,
                Fields = [new FieldDescriptor { Name = "eventCount", StorageKey = "event_count", Type = "Int" }],
            },
        ],
        Queries = [OrderStats, OrderEvents],
    };

    /// <summary>An executor on <paramref name="dataSource"/> whose result cache uses <paramref name="views"/>.</summary>
    public static PostgresRootFieldExecutor Executor(Npgsql.NpgsqlDataSource dataSource, SchemaDescriptor schema, ResultCacheViews views) =>
        new(dataSource, new SchemaIndex(schema), new FraiseQLPostgresOptions(),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<PostgresRootFieldExecutor>.Instance, resultCacheViews: views);

    /// <summary>The query's JSON, selecting <c>eventCount</c>.</summary>
    public static async Task<string> ReadAsync(PostgresRootFieldExecutor executor, QueryDescriptor query)
    {
        var buffer = new ArrayBufferWriter<byte>();
        await executor.ExecuteQueryAsync(query, F(query.Name, F("eventCount")), RequestContext.Anonymous("t"), buffer, default);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Reads until the JSON is <paramref name="expected"/> or <paramref name="seconds"/> pass; returns the last read.</summary>
    public static async Task<string> ReadUntilAsync(PostgresRootFieldExecutor executor, QueryDescriptor query, string expected, int seconds)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        string seen;
        while ((seen = await ReadAsync(executor, query)) != expected && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
        return seen;
    }
}
