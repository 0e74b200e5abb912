using System.Collections.Concurrent;

namespace FraiseQL.Sql;

/// <summary>
/// The one thread that sends PostgreSQL cancel requests for <see cref="StatementCancellation"/> (Npgsql's cancel is
/// synchronous network I/O: a new connection to the server). Started on the first cancellation; requests are sent one
/// after the other, and a request whose statement ended before its turn is skipped.
/// </summary>
internal static class StatementCanceller
{
    private static readonly ConcurrentQueue<StatementCancellation> Pending = new();
    private static readonly SemaphoreSlim Signal = new(0);
    private static int _started;

    public static void Enqueue(StatementCancellation cancellation)
    {
        Pending.Enqueue(cancellation);
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            new Thread(Run) { IsBackground = true, Name = "FraiseQL statement cancel" }.Start();
        }
        Signal.Release();
    }

    private static void Run()
    {
        while (true)
        {
            Signal.Wait();
            while (Pending.TryDequeue(out var cancellation))
            {
                cancellation.CancelNow();
            }
        }
    }
}
