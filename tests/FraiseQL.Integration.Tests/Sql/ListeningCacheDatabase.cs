using FraiseQL.Schema;
using FraiseQL.Sql;
using FraiseQL.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace FraiseQL.Integration.Tests.Sql;

/// <summary>
/// The order service's database with one cached query whose results hear PostgreSQL: a <see cref="SqlTestDatabase"/>
/// and a started <see cref="ResultCacheNotificationListener"/> on <see cref="Channel"/>, sharing one
/// <see cref="ResultCacheViews"/>. <paramref name="extraSql"/> installs the test's triggers.
/// </summary>
internal sealed class ListeningCacheDatabase(SqlTestDatabase db, ResultCacheNotificationListener listener, CancellationTokenSource stop) : IAsyncDisposable
{
    public const string Channel = "fraiseql_cache";

    public SqlTestDatabase Db { get; } = db;

    public ResultCacheNotificationListener Listener { get; } = listener;

    public static async Task<ListeningCacheDatabase> CreateAsync(PostgresServer server, QueryDescriptor cached, string extraSql)
    {
        var views = new ResultCacheViews();
        var db = await SqlTestDatabase.CreateAsync(server, ResultCacheTests.SchemaWith(cached), SqlTestDatabase.MigrationsOf("order-service"),
            extraSql: extraSql, views: views);
        var listener = new ResultCacheNotificationListener(db.ConnectionString, Channel, views, NullLogger<ResultCacheNotificationListener>.Instance);
        var stop = new CancellationTokenSource();
        await listener.StartAsync(stop.Token);
        await listener.Listening.WaitAsync(TimeSpan.FromSeconds(10));
        return new ListeningCacheDatabase(db, listener, stop);
    }

    /// <summary>Notifies a unique marker and waits until the listener applied it: everything committed before is applied too.</summary>
    public Task NotifyAndWaitAsync(string prefix = "v_marker") => ListenerMarker.NotifyAndWaitAsync(Db, Listener, Channel, prefix);

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await Listener.StopAsync(CancellationToken.None);
        Listener.Dispose();
        await Db.DisposeAsync();
        stop.Dispose();
    }
}
