using System.Data;
using System.Data.Common;
using Npgsql;

namespace FraiseQL.Sql;

/// <summary>
/// Cancels one running PostgreSQL statement when a request's token fires (the client left, or the request timed out),
/// without blocking a thread of the request path.
/// <para>
/// Npgsql cancels a statement on the token it is given inside the token's callback, synchronously: it opens a second
/// connection to PostgreSQL and sends the cancel request over it, and the statement's owner, finishing, waits for that
/// callback to end. Under load that took two thread-pool threads into blocking network I/O, one of them the thread
/// that runs the sockets' completions, and the whole service stalled for seconds: every socket's completion queued behind
/// it, PostgreSQL's results unread and new HTTP connections left in the accept queue, with the CPU idle.
/// </para>
/// <para>
/// So Npgsql gets <see cref="CancellationToken.None"/> for the statement, and this watch takes the token instead: its
/// callback only hands the statement to <see cref="StatementCanceller"/>'s one dedicated thread, which sends the cancel
/// request. The owner, finishing, waits (asynchronously) only for a cancel request already on its way, so that none
/// reaches the session after the connection went back to the pool and stops someone else's statement.
/// </para>
/// </summary>
internal sealed class StatementCancellation : IAsyncDisposable
{
    private const int Running = 0;
    private const int Requested = 1;
    private const int Cancelling = 2;
    private const int Finished = 3;

    /// <summary>How long the canceller waits for Npgsql to mark the statement as running when the token fired first.</summary>
    private const int StartWaitMilliseconds = 50;

    private readonly NpgsqlConnection _connection;
    private readonly DbCommand? _command;
    private readonly DbBatch? _batch;
    private CancellationTokenRegistration _registration;
    private int _state;
    private volatile bool _ownerFinishing;
    private TaskCompletionSource? _cancelSent;

    private StatementCancellation(NpgsqlConnection connection, DbCommand? command, DbBatch? batch)
    {
        _connection = connection;
        _command = command;
        _batch = batch;
    }

    /// <summary>Watches <paramref name="command"/> until disposed; null when <paramref name="cancellationToken"/> cannot fire.</summary>
    public static StatementCancellation? Watch(NpgsqlConnection connection, NpgsqlCommand command, CancellationToken cancellationToken) =>
        Start(new StatementCancellation(connection, command, null), cancellationToken);

    /// <summary>Watches <paramref name="batch"/> until disposed; null when <paramref name="cancellationToken"/> cannot fire.</summary>
    public static StatementCancellation? Watch(NpgsqlConnection connection, NpgsqlBatch batch, CancellationToken cancellationToken) =>
        Start(new StatementCancellation(connection, null, batch), cancellationToken);

    private static StatementCancellation? Start(StatementCancellation watch, CancellationToken cancellationToken)
    {
        if (!cancellationToken.CanBeCanceled)
        {
            return null;
        }
        cancellationToken.ThrowIfCancellationRequested();
        watch._registration = cancellationToken.UnsafeRegister(static state => ((StatementCancellation)state!).Request(), watch);
        return watch;
    }

    /// <summary>The token's callback: queue the cancel request, nothing more (it runs on whichever thread cancelled the token).</summary>
    private void Request()
    {
        if (Interlocked.CompareExchange(ref _state, Requested, Running) == Running)
        {
            StatementCanceller.Enqueue(this);
        }
    }

    /// <summary>On the canceller's thread: sends the cancel request, unless the owner finished first.</summary>
    internal void CancelNow()
    {
        var sent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _cancelSent, sent);
        if (Interlocked.CompareExchange(ref _state, Cancelling, Requested) != Requested)
        {
            return; // the statement ended before its turn came
        }
        try
        {
            // The token may fire between the owner's last check and Npgsql marking the statement as running; a cancel
            // before that would be ignored, so wait for it briefly (the owner cannot finish meanwhile without waiting here).
            for (var waited = 0; waited < StartWaitMilliseconds && !_ownerFinishing && !IsExecuting(); waited++)
            {
                Thread.Sleep(1);
            }
            if (_command is not null)
            {
                _command.Cancel();
            }
            else
            {
                _batch!.Cancel();
            }
        }
        catch (Exception)
        {
            // Best effort, like PostgreSQL's cancel itself: a statement that is not stopped ends at the command timeout.
        }
        finally
        {
            Volatile.Write(ref _state, Finished);
            sent.TrySetResult();
        }
    }

    private bool IsExecuting() => (_connection.FullState & (ConnectionState.Executing | ConnectionState.Fetching)) != 0;

    /// <summary>
    /// Stops watching. Call it once the statement's reader is closed and before the connection goes back to the pool:
    /// it waits for a cancel request already being sent, and no cancel request starts after it.
    /// </summary>
    public ValueTask DisposeAsync()
    {
        _ownerFinishing = true;
        _registration.Dispose(); // the callback only queues, so this never waits long
        // still running, or queued but not yet taken by the canceller: it will not be, now; already done: nothing to wait for
        if (Interlocked.CompareExchange(ref _state, Finished, Running) == Running
            || Interlocked.CompareExchange(ref _state, Finished, Requested) == Requested
            || Volatile.Read(ref _state) == Finished)
        {
            return ValueTask.CompletedTask;
        }
        // Cancelling: the canceller set _cancelSent before it moved there
        return new ValueTask(Volatile.Read(ref _cancelSent)!.Task);
    }
}
