using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace FraiseQL.Events;

/// <summary>
/// Hosted service moving <c>fraiseql.outbox</c> rows to JetStream, on two paths:
/// <list type="bullet">
/// <item><b>Committed events of this process</b> (<see cref="TryPublishCommitted"/>, called by the outbox sink after the
/// mutation's COMMIT): published at once from memory, in event-id order, then marked sent in one statement per batch.
/// No claim round trip stands between the commit and the publish.</item>
/// <item><b>Everything else</b> (rows of processes without a relay, rows left by a crash or a NATS outage): claims a batch
/// with <c>FOR UPDATE SKIP LOCKED</c> (several instances relay at once without duplicates), publishes it and sets
/// <c>sent_at</c> in the same transaction only for rows JetStream acknowledged. Wakes on <c>NOTIFY fraiseql_outbox</c>, on
/// <see cref="Wake"/> or after the poll interval.</item>
/// </list>
/// Each message carries <c>Nats-Msg-Id</c> = event id, so a row both paths publish (a poll overlapping a committed
/// event's publish) is stored once. On a NATS failure the unacknowledged rows stay unsent (attempts + last_error
/// recorded), the relay backs off exponentially (capped, jittered), and committed events go through the claim path
/// until it has caught up again, so each subject's events keep their order. The first path starts after the claim
/// path's first complete pass, for the same reason.
/// A row NATS could never take (<see cref="UnpublishableMessage"/>: a header name it refuses, a message over the server's
/// max_payload) is not retried: the claim path moves it to <c>fraiseql.dead_letter</c> (consumer
/// <see cref="DeadLetterConsumer"/>) in its transaction, so it cannot hold back the rows after it.
/// </summary>
/// <param name="listenConnectionString">The connection string of the <c>LISTEN</c> session, a connection of its own outside
/// the pool (see <see cref="ListenConnectionString"/>); null: it takes one of <paramref name="dataSource"/>'s.</param>
public sealed class OutboxRelay(
    NpgsqlDataSource dataSource,
    OutboxPublisher publisher,
    FraiseQLEventsOptions options,
    ILogger<OutboxRelay> logger,
    string? listenConnectionString = null) : BackgroundService
{
    /// <summary>The <c>application_name</c> of the relay's LISTEN session.</summary>
    public const string ListenApplicationName = "fraiseql-outbox-listen";

    /// <summary>
    /// The connection string of the relay's LISTEN session, from the data source's own (see
    /// <see cref="FraiseQL.Sql.OwnedDataSources"/>): not pooled, so the session held for the life of the service is not one
    /// of <c>[database] pool_max</c>'s connections. It was: with <c>pool_max = 1</c> no request could get a connection
    /// (every one timed out), and any pool ran one short.
    /// </summary>
    public static string ListenConnectionString(string connectionString) => new NpgsqlConnectionStringBuilder(connectionString)
    {
        Pooling = false,
        Multiplexing = false,
        // WaitAsync sends a query this often while idle, so a dead connection is noticed and re-established
        KeepAlive = 15,
        ApplicationName = ListenApplicationName,
    }.ConnectionString;

    internal const string ClaimSql =
        "SELECT id, subject, payload::text, headers::text FROM fraiseql.outbox WHERE sent_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED";
    /// <summary>The claim of the batch after one still in flight: starts the index scan past that batch's last id, instead of
    /// stepping over its locked rows and the dead entries of the batches marked just before (not yet removable while
    /// the transactions overlap). Rows with smaller ids committed late are taken by the next claim from the start.</summary>
    internal const string ClaimAfterSql =
        "SELECT id, subject, payload::text, headers::text FROM fraiseql.outbox WHERE sent_at IS NULL AND id > $2 ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED";
    /// <summary>
    /// Keeps the claim on the ordered scan of <c>outbox_unsent_idx</c>, which stops after batch_size rows. Without
    /// statistics (a backlog that grew fast, e.g. during a NATS outage, before autovacuum has analysed the table) the
    /// planner took a bitmap scan of every unsent row plus a sort: each claim of 1,000 then read and sorted all 50,000
    /// rows of the backlog, 80–160 ms a claim. Local to the claim's transaction.
    /// </summary>
    internal const string ClaimPlanSql = "SELECT set_config('enable_bitmapscan', 'off', true), set_config('enable_seqscan', 'off', true)";
    private const string MarkSentSql = "UPDATE fraiseql.outbox SET sent_at = now(), attempts = attempts + 1, last_error = NULL WHERE id = ANY($1)";
    private const string MarkCommittedSentSql =
        "UPDATE fraiseql.outbox SET sent_at = now(), attempts = attempts + 1, last_error = NULL WHERE id = ANY($1) AND sent_at IS NULL";
    private const string MarkFailedSql = "UPDATE fraiseql.outbox SET attempts = attempts + 1, last_error = $2 WHERE id = ANY($1)";
    /// <summary>
    /// Moves the rows NATS could never take (<see cref="UnpublishableMessage"/>) to <c>fraiseql.dead_letter</c> under the
    /// consumer name <see cref="DeadLetterConsumer"/>, in the claim's transaction: listed and replayed like a consumer's
    /// dead letters, and out of the way of every later claim.
    /// </summary>
    internal const string DeadLetterRejectedSql = """
        WITH rejected AS (SELECT * FROM unnest($1::uuid[], $2::text[]) AS r(event_id, reason)),
        moved AS (
            DELETE FROM fraiseql.outbox o USING rejected r WHERE o.id = r.event_id
            RETURNING o.id, o.subject, o.payload, o.headers, o.attempts, r.reason)
        INSERT INTO fraiseql.dead_letter (id, consumer, subject, event_id, payload, headers, error, attempts)
        SELECT gen_random_uuid(), $3, subject, id, payload, headers, 'not published: ' || reason, attempts + 1 FROM moved
        """;
    private const string PurgeSql = "DELETE FROM fraiseql.outbox WHERE sent_at IS NOT NULL AND sent_at < now() - make_interval(hours => $1)";

    /// <summary>The <c>consumer</c> of the dead letters the relay records: outbox rows NATS could never take.</summary>
    public const string DeadLetterConsumer = "outbox";

    /// <summary>How long marking acknowledged rows sent may go on once the host stops.</summary>
    private static readonly TimeSpan MarkGraceOnStop = TimeSpan.FromSeconds(5);

    /// <summary>Committed events waiting for the first path; when full, the claim path takes the overflow.</summary>
    private const int CommittedQueueCapacity = 8192;

    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly Channel<OutboxMessage> _committed = Channel.CreateBounded<OutboxMessage>(
        new BoundedChannelOptions(CommittedQueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private volatile bool _committedPathSuspended = true; // until the claim path's first complete pass
    private int _committedPathFailures; // bumped on each failure of the committed path: a claim pass that began before it does not lift the suspension
    private long _published;
    private long _publishedDirectly;
    private long _deadLettered;

    /// <summary>Events this instance has published and marked sent.</summary>
    public long PublishedCount => Interlocked.Read(ref _published);

    /// <summary>Outbox rows this instance moved to the dead letters because NATS could never take them (<see cref="UnpublishableMessage"/>).</summary>
    public long DeadLetteredCount => Interlocked.Read(ref _deadLettered);

    /// <summary>Of <see cref="PublishedCount"/>, the committed events published straight from memory.</summary>
    public long PublishedDirectlyCount => Interlocked.Read(ref _publishedDirectly);

    /// <summary>True while committed events are published directly (false until the claim path's first complete pass and while it catches up after a failure).</summary>
    public bool PublishesCommittedDirectly => !_committedPathSuspended;

    /// <summary>Wakes the claim path now (also done by NOTIFY fraiseql_outbox).</summary>
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

    /// <summary>
    /// Publishes an event whose outbox row this process has just committed, without claiming it first. Returns false
    /// when the claim path is left to publish it (queue full, or catching up after a failure); the row is in the outbox
    /// either way, so nothing is lost.
    /// </summary>
    public bool TryPublishCommitted(OutboxMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!_committedPathSuspended && _committed.Writer.TryWrite(message))
        {
            return true;
        }
        Wake();
        return false;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = new ExponentialBackoff(TimeSpan.FromMilliseconds(options.Outbox.InitialBackoffMs), TimeSpan.FromMilliseconds(options.Outbox.MaxBackoffMs));
        var poll = TimeSpan.FromMilliseconds(options.Outbox.PollIntervalMs);
        // Marking what JetStream acknowledged outlives the stop by a moment: a mark cancelled by the stop would have those
        // rows published again after the restart, stored twice when that comes later than the stream's duplicate window.
        using var marks = new CancellationTokenSource();
        await using var stopping = stoppingToken.Register(() => marks.CancelAfter(MarkGraceOnStop)).ConfigureAwait(false);
        var listener = ListenAsync(stoppingToken);
        var committedPath = PublishCommittedAsync(marks.Token, stoppingToken);
        var lastPurge = Stopwatch.StartNew();
        // Pipelined: while one batch's acks come back the next batch is claimed, and while a batch is marked sent the
        // next one is already publishing and the one after it is being claimed. Publishing of a batch starts only after
        // every publish of the one before has settled, so each subject's events still go out in order.
        ClaimedBatch? next = null;
        Task<OutboxPublishOutcome>? nextPublishing = null;
        Task<ClaimedBatch>? ahead = null; // the batch after next, claimed while current is marked sent
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var current = next ?? await ClaimAsync(stoppingToken).ConfigureAwait(false);
                next = null;
                var publishing = nextPublishing ?? publisher.PublishAsync(current.Rows, stoppingToken);
                nextPublishing = null;
                OutboxRelayResult result;
                await using (current.ConfigureAwait(false))
                {
                    if (current.Rows.Count >= options.Outbox.BatchSize)
                    {
                        // more may be waiting: claimed already (while the batch before was marked sent) or claimed now
                        var claiming = ahead ?? ClaimAsync(stoppingToken, after: current.Rows[^1].Id);
                        ahead = null;
                        next = await claiming.ConfigureAwait(false);
                    }
                    var outcome = await publishing.ConfigureAwait(false);
                    if (next is { Rows.Count: > 0 } && outcome.Failed.Count == 0)
                    {
                        nextPublishing = publisher.PublishAsync(next.Rows, stoppingToken);
                        if (next.Rows.Count >= options.Outbox.BatchSize)
                        {
                            ahead = ClaimAsync(stoppingToken, after: next.Rows[^1].Id);
                        }
                    }
                    result = await CompleteAsync(current, outcome, marks.Token).ConfigureAwait(false);
                }
                if (result.Failed == 0)
                {
                    backoff.Reset();
                    if (next is null && current.FromStart && result.Claimed < options.Outbox.BatchSize && _committedPathSuspended
                        && Volatile.Read(ref _committedPathFailures) == current.CommittedPathFailuresAtClaim)
                    {
                        _committedPathSuspended = false; // caught up: committed events may go out directly again
                        logger.LogDebug("Outbox relay caught up; committed events are published directly");
                    }
                }
                if (result.Failed > 0)
                {
                    await ReleaseAsync(next, nextPublishing, ahead).ConfigureAwait(false);
                    (next, nextPublishing, ahead) = (null, null, null);
                    var delay = backoff.Next();
                    logger.LogWarning("Outbox relay: {Failed} event(s) not acknowledged by JetStream ({Error}); retrying in {DelayMs} ms (failure {Failures})",
                        result.Failed, result.Error, (int)delay.TotalMilliseconds, backoff.Failures);
                    await Task.Delay(delay, stoppingToken).ConfigureAwait(false);
                    continue;
                }
                if (next is not null || !current.FromStart)
                {
                    continue; // more work waiting (already claimed), or a pass from the start still to make for rows committed late
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
                await ReleaseAsync(next, nextPublishing, ahead).ConfigureAwait(false);
                (next, nextPublishing, ahead) = (null, null, null);
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
        await ReleaseAsync(next, nextPublishing, ahead).ConfigureAwait(false);
        await committedPath.ConfigureAwait(false);
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
        var outcome = await publisher.PublishAsync(batch.Rows, cancellationToken).ConfigureAwait(false);
        return await CompleteAsync(batch, outcome, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The committed-events path: drains what the sink handed over, publishes it in event-id order (ids grow with
    /// insertion order, see <see cref="EventIds"/>), and marks it sent while the next batch publishes. After a failure it
    /// suspends itself and wakes the claim path, which publishes the unsent rows in order and lifts the suspension once
    /// it has caught up.
    /// </summary>
    private async Task PublishCommittedAsync(CancellationToken marksToken, CancellationToken stoppingToken)
    {
        var batch = new List<OutboxMessage>(options.Outbox.BatchSize);
        var marking = Task.CompletedTask;
        try
        {
            while (await _committed.Reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                batch.Clear();
                while (batch.Count < options.Outbox.BatchSize && _committed.Reader.TryRead(out var message))
                {
                    batch.Add(message);
                }
                if (_committedPathSuspended)
                {
                    Wake(); // the claim path is catching up: these rows are in the outbox and go out in order from there
                    continue;
                }
                batch.Sort(static (a, b) => EventIds.Compare(a.Id, b.Id));
                OutboxPublishOutcome outcome;
                try
                {
                    outcome = await publisher.PublishAsync(batch, stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    outcome = new OutboxPublishOutcome([], batch.ConvertAll(m => m.Id), ex.GetType().Name + ": " + ex.Message, []);
                }
                await marking.ConfigureAwait(false);
                marking = outcome.Acked.Count > 0 ? MarkCommittedSentAsync(outcome.Acked.ToArray(), marksToken) : Task.CompletedTask;
                if (outcome.Failed.Count > 0 || outcome.Rejected.Count > 0)
                {
                    // the claim path retries the failed rows in order and dead-letters the rejected ones in its transaction
                    Interlocked.Increment(ref _committedPathFailures);
                    _committedPathSuspended = true;
                    if (outcome.Failed.Count > 0)
                    {
                        logger.LogWarning("Outbox relay: {Failed} committed event(s) not acknowledged by JetStream ({Error}); the claim path retries them in order",
                            outcome.Failed.Count, outcome.Error);
                    }
                    Wake();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping: what is still queued is in the outbox and is published after the next start
        }
        await marking.ConfigureAwait(false);
    }

    /// <summary>Marks committed events JetStream acknowledged as sent (skipping rows the claim path marked meanwhile).</summary>
    private async Task MarkCommittedSentAsync(Guid[] ids, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var mark = new NpgsqlCommand(MarkCommittedSentSql, connection);
            mark.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = ids, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
            var marked = await mark.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false); // rows the claim path marked meanwhile are not counted twice
            Interlocked.Add(ref _published, marked);
            Interlocked.Add(ref _publishedDirectly, marked);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // stopping: the rows stay unsent and are relayed again (and de-duplicated) after the next start
        }
        catch (Exception ex)
        {
            // published but not marked: the claim path publishes them again and JetStream drops the copies (Nats-Msg-Id)
            logger.LogWarning(ex, "Outbox relay: {Count} published event(s) could not be marked sent; they will be relayed again and de-duplicated by JetStream", ids.Length);
            Wake();
        }
    }

    /// <summary>Opens a transaction and locks up to batch_size unsent rows (FOR UPDATE SKIP LOCKED).</summary>
    private async Task<ClaimedBatch> ClaimAsync(CancellationToken cancellationToken, Guid? after = null)
    {
        var failures = Volatile.Read(ref _committedPathFailures); // before the SELECT: rows of a later failure may be missed by it
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        NpgsqlTransaction? tx = null;
        try
        {
            tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var rows = new List<OutboxMessage>(options.Outbox.BatchSize);
            await using (var batch = new NpgsqlBatch(connection, tx))
            {
                batch.BatchCommands.Add(new NpgsqlBatchCommand(ClaimPlanSql));
                var claim = new NpgsqlBatchCommand(after is null ? ClaimSql : ClaimAfterSql);
                claim.Parameters.Add(new NpgsqlParameter<int> { TypedValue = options.Outbox.BatchSize });
                if (after is { } lastId)
                {
                    claim.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = lastId });
                }
                batch.BatchCommands.Add(claim);
                await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await reader.NextResultAsync(cancellationToken).ConfigureAwait(false); // past the set_config row
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    rows.Add(new OutboxMessage(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), EventHeaderJson.Read(reader.GetString(3))));
                }
            }
            return new ClaimedBatch(connection, tx, rows, failures, FromStart: after is null);
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

    /// <summary>Marks acknowledged rows sent and the others failed (attempts, last_error) and commits the batch: one round trip.</summary>
    private async Task<OutboxRelayResult> CompleteAsync(ClaimedBatch batch, OutboxPublishOutcome outcome, CancellationToken cancellationToken)
    {
        var (connection, tx, rows, _, _) = batch;
        await using (var complete = new NpgsqlBatch(connection, tx))
        {
            if (outcome.Acked.Count > 0)
            {
                var mark = new NpgsqlBatchCommand(MarkSentSql);
                mark.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = outcome.Acked.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
                complete.BatchCommands.Add(mark);
            }
            if (outcome.Rejected.Count > 0)
            {
                var deadLetter = new NpgsqlBatchCommand(DeadLetterRejectedSql);
                deadLetter.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = outcome.Rejected.ConvertAll(r => r.Message.Id).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
                deadLetter.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = outcome.Rejected.ConvertAll(r => r.Reason).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
                deadLetter.Parameters.Add(new NpgsqlParameter<string> { TypedValue = DeadLetterConsumer });
                complete.BatchCommands.Add(deadLetter);
            }
            if (outcome.Failed.Count > 0)
            {
                var markFailed = new NpgsqlBatchCommand(MarkFailedSql);
                markFailed.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = outcome.Failed.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
                markFailed.Parameters.Add(new NpgsqlParameter<string> { TypedValue = outcome.Error ?? "not acknowledged" });
                complete.BatchCommands.Add(markFailed);
            }
            // COMMIT travels with the updates; an error in them skips it (the batch's one Sync) and the dispose rolls back
            complete.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
            await complete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        Interlocked.Add(ref _published, outcome.Acked.Count);
        Interlocked.Add(ref _deadLettered, outcome.Rejected.Count);
        if (outcome.Acked.Count > 0)
        {
            logger.LogDebug("Outbox relay published {Count} event(s)", outcome.Acked.Count);
        }
        foreach (var (message, reason) in outcome.Rejected)
        {
            logger.LogError("Outbox relay: event {EventId} on {Subject} can never be published ({Reason}); moved to fraiseql.dead_letter as consumer '{Consumer}' (see `dead-letters list`)",
                message.Id, message.Subject, reason, DeadLetterConsumer);
        }
        return new OutboxRelayResult(rows.Count, outcome.Failed.Count, outcome.Error, outcome.Rejected.Count);
    }

    /// <summary>
    /// Gives back a claimed batch that will not be completed: its transaction rolls back, so its rows stay unsent and are
    /// claimed again (a publish already in flight for them is de-duplicated by JetStream through its Nats-Msg-Id).
    /// </summary>
    private static async Task ReleaseAsync(ClaimedBatch? batch, Task<OutboxPublishOutcome>? publishing, Task<ClaimedBatch>? claiming = null)
    {
        if (claiming is not null)
        {
            try
            {
                await (await claiming.ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception)
            {
                // a claim that failed holds nothing
            }
        }
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

    private async Task ListenAsync(CancellationToken cancellationToken)
    {
        var backoff = new ExponentialBackoff(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10));
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await OpenListenConnectionAsync(cancellationToken).ConfigureAwait(false);
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

    private async Task<NpgsqlConnection> OpenListenConnectionAsync(CancellationToken cancellationToken)
    {
        if (listenConnectionString is null)
        {
            return await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }
        var connection = new NpgsqlConnection(listenConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
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

    /// <summary>Claimed rows with the connection and the open transaction that holds their locks (rolled back on dispose unless committed).</summary>
    /// <param name="FromStart">Claimed from the start of the unsent rows (not after a batch still in flight): only such a
    /// claim can tell that the claim path has caught up.</param>
    private sealed record ClaimedBatch(NpgsqlConnection Connection, NpgsqlTransaction Transaction, List<OutboxMessage> Rows, int CommittedPathFailuresAtClaim, bool FromStart) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Transaction.DisposeAsync().ConfigureAwait(false);
            await Connection.DisposeAsync().ConfigureAwait(false);
        }
    }
}

/// <summary>Outcome of one relay batch: rows claimed, not acknowledged (retried later), the first error, and rows dead-lettered because NATS could never take them.</summary>
public readonly record struct OutboxRelayResult(int Claimed, int Failed, string? Error, int DeadLettered = 0);
