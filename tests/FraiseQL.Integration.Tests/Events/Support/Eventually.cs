namespace FraiseQL.Integration.Tests.Events.Support;

/// <summary>Waits for an eventually-consistent condition (a completion deadline, not a timing assertion).</summary>
public static class Eventually
{
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, int timeoutSeconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            if (await condition())
            {
                return;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Not reached within {timeoutSeconds} s: {what}");
            }
            await Task.Delay(50);
        }
    }

    public static Task CountReachesAsync(string connectionString, string sql, long expected, string what, int timeoutSeconds = 30) =>
        WaitUntilAsync(async () => await ExampleServiceDatabase.CountAsync(connectionString, sql) >= expected, what + $" ({sql} reaches {expected})", timeoutSeconds);

    public static string NewPrefix() => "t" + Guid.NewGuid().ToString("N")[..10];
}
