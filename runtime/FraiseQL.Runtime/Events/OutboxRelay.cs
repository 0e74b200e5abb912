using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Npgsql;
using NpgsqlTypes;

namespace FraiseQL.Events;

/// <summary>
/// Hosted service moving <c>fraiseql.outbox</c> rows to JetStream: claims a batch with
/// <c>FOR UPDATE SKIP LOCKED</c> (several instances relay at once without duplicates), publishes each row with
/// <c>Nats-Msg-Id</c> = event id (in order per subject, a window of acks outstanding), and sets
/// <c>sent_at</c> in the same transaction only for rows JetStream acknowledged. On a NATS failure the
/// unacknowledged rows stay unsent (attempts + last_error recorded) and the relay backs off exponentially
/// (capped, jittered). Wakes on LISTEN <c>fraiseql_outbox</c> or after the poll interval.
/// </summary>
public sealed class OutboxRelay(
    NpgsqlDataSource dataSource,
    INatsJSContext js,
    EventStreamTopology topology,
    FraiseQLEventsOptions options,
    ILogger<OutboxRelay> logger) : BackgroundService
{
    private const string ClaimSql =
        "SELECT id, subject, payload::text, headers::text FROM fraiseql.outbox WHERE sent_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED";
    private const string MarkSentSql = "UPDATE fraiseql.outbox SET sent_at = now(), attempts = attempts + 1, last_error = NULL WHERE id = ANY($1)";
    private const string MarkFailedSql = "UPDATE fraiseql.outbox SET attempts = attempts + 1, last_error = $2 WHERE id = ANY($1)";
    private const string PurgeSql = "DELETE FROM fraiseql.outbox WHERE sent_at IS NOT NULL AND sent_at < now() - make_interval(hours => $1)";

    private readonly SemaphoreSlim _wake = new(0, 1);
    private long _published;

    /// <summary>Events this instance has published and marked sent.</summary>
    public long PublishedCount => Interlocked.Read(ref _published);

    /// <summary>Wakes the relay now (also done by NOTIFY fraiseql_outbox).</summary>
    public void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // already signalled
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = new ExponentialBackoff(TimeSpan.FromMilliseconds(options.Outbox.InitialBackoffMs), TimeSpan.FromMilliseconds(options.Outbox.MaxBackoffMs));
        var poll = TimeSpan.FromMilliseconds(options.Outbox.PollIntervalMs);
        var listener = ListenAsync(stoppingToken);
        var lastPurge = Stopwatch.StartNew();
        // Pipelined: while one batch's acks come back the next batch is claimed, and while a batch is marked sent the
        // next one is already publishing. Publishing of a batch starts only after every publish of the one before has
        // settled, so each subject's events still go out in order.
        ClaimedBatch? next = null;
        Task<PublishOutcome>? nextPublishing = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var current = next ?? await ClaimAsync(stoppingToken).ConfigureAwait(false);
                next = null;
                var publishing = nextPublishing ?? PublishAsync(current.Rows, stoppingToken);
                nextPublishing = null;
                OutboxRelayResult result;
                await using (current.ConfigureAwait(false))
                {
                    if (current.Rows.Count >= options.Outbox.BatchSize)
                    {
                        next = await ClaimAsync(stoppingToken).ConfigureAwait(false); // more may be waiting: claim it now
                    }
                    var outcome = await publishing.ConfigureAwait(false);
                    if (next is { Rows.Count: > 0 } && outcome.Failed.Count == 0)
                    {
                        nextPublishing = PublishAsync(next.Rows, stoppingToken);
                    }
                    result = await CompleteAsync(current, outcome, stoppingToken).ConfigureAwait(false);
                }
                if (result.Failed == 0)
                {
                    backoff.Reset();
                }
                if (result.Failed > 0)
                {
                    await ReleaseAsync(next, nextPublishing).ConfigureAwait(false);
                    (next, nextPublishing) = (null, null);
                    var delay = backoff.Next();
                    logger.LogWarning("Outbox relay: {Failed} event(s) not acknowledged by JetStream ({Error}); retrying in {DelayMs} ms (failure {Failures})",
                        result.Failed, result.Error, (int)delay.TotalMilliseconds, backoff.Failures);
                    await Task.Delay(delay, stoppingToken).ConfigureAwait(false);
                    continue;
                }
                if (next is not null)
                {
                    continue; // more work waiting (already claimed)
                }
                if (options.Outbox.RetainSentHours > 0 && lastPurge.Elapsed > TimeSpan.FromMinutes(10))
                {
                    lastPurge.Restart();
                    await PurgeAsync(stoppingToken).ConfigureAwait(false);
                }
                await _wake.WaitAsync(poll, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                await ReleaseAsync(next, nextPublishing).ConfigureAwait(false);
                (next, nextPublishing) = (null, null);
                var delay = backoff.Next();
                logger.LogError(ex, "Outbox relay failed; retrying in {DelayMs} ms (failure {Failures})", (int)delay.TotalMilliseconds, backoff.Failures);
                try
                {
                    await Task.Delay(delay, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
        await ReleaseAsync(next, nextPublishing).ConfigureAwait(false);
        try
        {
            await listener.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }

    /// <summary>Relays one batch; public so tests and tools can drive the relay deterministically.</summary>
    public async Task<OutboxRelayResult> RelayBatchAsync(CancellationToken cancellationToken)
    {
        await using var batch = await ClaimAsync(cancellationToken).ConfigureAwait(false);
        var outcome = await PublishAsync(batch.Rows, cancellationToken).ConfigureAwait(false);
        return await CompleteAsync(batch, outcome, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Opens a transaction and locks up to batch_size unsent rows (FOR UPDATE SKIP LOCKED).</summary>
    private async Task<ClaimedBatch> ClaimAsync(CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        NpgsqlTransaction? tx = null;
        try
        {
            tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var rows = new List<OutboxRow>(options.Outbox.BatchSize);
            await using (var claim = new NpgsqlCommand(ClaimSql, connection, tx))
            {
                claim.Parameters.Add(new NpgsqlParameter<int> { TypedValue = options.Outbox.BatchSize });
                await using var reader = await claim.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    rows.Add(new OutboxRow(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
                }
            }
            return new ClaimedBatch(connection, tx, rows);
        }
        catch
        {
            if (tx is not null)
            {
                await tx.DisposeAsync().ConfigureAwait(false);
            }
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Publishes the rows: one sequential publisher per subject keeps each subject's order; subjects run concurrently.</summary>
    private async Task<PublishOutcome> PublishAsync(List<OutboxRow> rows, CancellationToken cancellationToken)
    {
        var outcome = new PublishOutcome(new List<Guid>(rows.Count), [], null);
        if (rows.Count == 0)
        {
            return outcome;
        }
        var bySubject = rows.GroupBy(r => r.Subject, StringComparer.Ordinal).ToList();
        var results = await Task.WhenAll(bySubject.Select(g => PublishSequenceAsync(g.ToList(), cancellationToken))).ConfigureAwait(false);
        string? error = null;
        foreach (var r in results)
        {
            outcome.Acked.AddRange(r.Acked);
            outcome.Failed.AddRange(r.Failed);
            error ??= r.Error;
        }
        return outcome with { Error = error };
    }

    /// <summary>Marks acknowledged rows sent and the others failed (attempts, last_error) and commits the batch.</summary>
    private async Task<OutboxRelayResult> CompleteAsync(ClaimedBatch batch, PublishOutcome outcome, CancellationToken cancellationToken)
    {
        var (connection, tx, rows) = batch;
        if (outcome.Acked.Count > 0)
        {
            await using var mark = new NpgsqlCommand(MarkSentSql, connection, tx);
            mark.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = outcome.Acked.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
            await mark.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        if (outcome.Failed.Count > 0)
        {
            await using var markFailed = new NpgsqlCommand(MarkFailedSql, connection, tx);
            markFailed.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = outcome.Failed.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
            markFailed.Parameters.Add(new NpgsqlParameter<string> { TypedValue = outcome.Error ?? "not acknowledged" });
            await markFailed.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        Interlocked.Add(ref _published, outcome.Acked.Count);
        if (outcome.Acked.Count > 0)
        {
            logger.LogDebug("Outbox relay published {Count} event(s)", outcome.Acked.Count);
        }
        return new OutboxRelayResult(rows.Count, outcome.Failed.Count, outcome.Error);
    }

    /// <summary>
    /// Gives back a claimed batch that will not be completed: its transaction rolls back, so its rows stay unsent and are
    /// claimed again (a publish already in flight for them is de-duplicated by JetStream through its Nats-Msg-Id).
    /// </summary>
    private static async Task ReleaseAsync(ClaimedBatch? batch, Task<PublishOutcome>? publishing)
    {
        if (publishing is not null)
        {
            try
            {
                await publishing.ConfigureAwait(false);
            }
            catch (Exception)
            {
                // the rows are rolled back below and published again later
            }
        }
        if (batch is not null)
        {
            await batch.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Publishes one subject's rows in order with up to <see cref="OutboxOptions.MaxInFlight"/> acks outstanding
    /// (the connection writes them in call order, so JetStream stores them in order).</summary>
    private async Task<(List<Guid> Acked, List<Guid> Failed, string? Error)> PublishSequenceAsync(List<OutboxRow> rows, CancellationToken cancellationToken)
    {
        var acked = new List<Guid>(rows.Count);
        var failed = new List<Guid>();
        string? error = null;
        try
        {
            await topology.EnsureStreamAsync(rows[0].Subject, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is NatsException or OperationCanceledException or TimeoutException or InvalidOperationException)
        {
            failed.AddRange(rows.Select(r => r.Id));
            return (acked, failed, ex.GetType().Name + ": " + ex.Message);
        }
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var window = Math.Max(1, options.Outbox.MaxInFlight);
        attempt.CancelAfter(TimeSpan.FromMilliseconds(options.NatsRequestTimeoutMs) * Math.Max(1, (rows.Count + window - 1) / window));
        // A sliding window: up to max_in_flight publishes outstanding, the next one issued as soon as the oldest is
        // acknowledged. Issued in row order on one connection, so JetStream stores them in order. After the first
        // failure nothing more is issued; what was already in flight is still awaited (an ack there means stored).
        var inFlight = new Queue<(OutboxRow Row, Task<PubAckResponse> Ack)>(Math.Min(window, rows.Count));
        var next = 0;
        while (next < rows.Count || inFlight.Count > 0)
        {
            while (error is null && next < rows.Count && inFlight.Count < window)
            {
                var row = rows[next++];
                inFlight.Enqueue((row, js.PublishAsync(
                    row.Subject,
                    System.Text.Encoding.UTF8.GetBytes(row.PayloadJson),
                    NatsRawSerializer<byte[]>.Default,
                    new NatsJSPubOpts { MsgId = row.Id.ToString() },
                    EventHeaderJson.ToNatsHeaders(EventHeaderJson.Read(row.HeadersJson)),
                    attempt.Token).AsTask()));
            }
            if (inFlight.Count == 0)
            {
                break; // a failure stopped issuing and everything issued is settled
            }
            var (sent, ack) = inFlight.Dequeue();
            try
            {
                var response = await ack.ConfigureAwait(false);
                try
                {
                    response.EnsureSuccess();
                }
                catch (NatsJSDuplicateMessageException)
                {
                    // JetStream already stored this Nats-Msg-Id: an earlier attempt was stored but its ack was
                    // lost (e.g. across a reconnect). The event is in the stream exactly once, so it counts as sent.
                }
                acked.Add(sent.Id);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is NatsException or OperationCanceledException or TimeoutException or InvalidOperationException)
            {
                error ??= ex.GetType().Name + ": " + ex.Message;
                failed.Add(sent.Id);
            }
        }
        for (var j = next; j < rows.Count; j++)
        {
            failed.Add(rows[j].Id); // never issued after the failure: retried with the next batch
        }
        return (acked, failed, error);
    }

    private async Task ListenAsync(CancellationToken cancellationToken)
    {
        var backoff = new ExponentialBackoff(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10));
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                connection.Notification += (_, _) => Wake();
                await using (var listen = new NpgsqlCommand("LISTEN " + OutboxEventSink.NotifyChannel, connection))
                {
                    await listen.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
                backoff.Reset();
                while (!cancellationToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogDebug(ex, "Outbox LISTEN connection lost; polling until it is back");
                await Task.Delay(backoff.Next(), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task PurgeAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var purge = new NpgsqlCommand(PurgeSql, connection);
        purge.Parameters.Add(new NpgsqlParameter<int> { TypedValue = options.Outbox.RetainSentHours });
        var deleted = await purge.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        if (deleted > 0)
        {
            logger.LogInformation("Outbox relay deleted {Count} sent event(s) older than {Hours} h", deleted, options.Outbox.RetainSentHours);
        }
    }

    private sealed record OutboxRow(Guid Id, string Subject, string PayloadJson, string HeadersJson);

    private sealed record PublishOutcome(List<Guid> Acked, List<Guid> Failed, string? Error);

    /// <summary>Claimed rows with the connection and the open transaction that holds their locks (rolled back on dispose unless committed).</summary>
    private sealed record ClaimedBatch(NpgsqlConnection Connection, NpgsqlTransaction Transaction, List<OutboxRow> Rows) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Transaction.DisposeAsync().ConfigureAwait(false);
            await Connection.DisposeAsync().ConfigureAwait(false);
        }
    }
}

/// <summary>Outcome of one relay batch.</summary>
public readonly record struct OutboxRelayResult(int Claimed, int Failed, string? Error);
