using FraiseQL.Integration.Tests.Events.Support;
using FraiseQL.Sql;

namespace FraiseQL.Integration.Tests.Sql;

/// <summary>
/// Waits for a result-cache notification listener to apply a unique marker. PostgreSQL delivers notifications in commit
/// order, so once the marker is applied everything committed before it has been too.
/// </summary>
internal static class ListenerMarker
{
    public static async Task NotifyAndWaitAsync(SqlTestDatabase db, ResultCacheNotificationListener listener, string channel, string prefix = "v_marker")
    {
        var marker = $"{prefix}_{Guid.NewGuid():N}";
        await db.ExecuteAsync($"SELECT pg_notify('{channel}', '{marker}')");
        await WaitUntilAsync(() => listener.LastPayload == marker, "the listener applied " + marker);
    }

    public static Task WaitUntilAsync(Func<bool> condition, string what) =>
        Eventually.WaitUntilAsync(() => Task.FromResult(condition()), what, timeoutSeconds: 15);
}
