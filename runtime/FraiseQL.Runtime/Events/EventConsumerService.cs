using System.Text;
using System.Threading.Channels;
using FraiseQL.Runtime.Security.Audit;
using FraiseQL.Runtime.Security.EventIdentity;
using FraiseQL.Schema;
using FraiseQL.Sql;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace FraiseQL.Events;

/// <summary>
/// Hosted service running one durable pull consumer per [[observers.subscribe]] entry
/// (<c>&lt;service&gt;-&lt;subject with . → _&gt;</c>, explicit ack, ack wait, max_deliver, back-off). Each message is
/// applied through <see cref="EventHandlerInvoker"/> (inbox + handler in one transaction; several waiting messages
/// share one transaction, up to <see cref="EventConsumerOptions.MaxEventsPerTransaction"/>) and acked after
/// COMMIT; a failure is logged with the correlation id and NAKed with the back-off delay; the last failing
/// attempt (NumDelivered == max_deliver) is dead-lettered and terminated. Instances of a service share the
/// consumer, so work is split, not repeated. While the service's PostgreSQL cannot be reached, nothing is wrong with
/// the events: they are kept in progress and retried here (<see cref="WhileDatabaseUnavailableAsync{T}"/>) without
/// using up their attempts, and max_deliver is counted by this service, not by JetStream (whose consumer redelivers
/// without limit), so an event whose dead-letter row cannot be written is delivered again, never stranded.
/// </summary>
public sealed class EventConsumerService(
    IGeneratedService service,
    EventHandlerInvoker invoker,
    DeadLetterStore deadLetters,
    INatsJSContext js,
    EventStreamTopology topology,
    EventServiceIdentity identity,
    FraiseQLEventsOptions options,
    ILogger<EventConsumerService> logger,
    AuditLog? audit = null,
    ResultCacheViews? cacheViews = null) : BackgroundService
{
    private long _applied;
    private long _skipped;
    private long _failed;
    private long _deadLettered;
    private long _unavailableRetries;

    public long AppliedCount => Interlocked.Read(ref _applied);
    public long DuplicateCount => Interlocked.Read(ref _skipped);
    public long FailedAttemptCount => Interlocked.Read(ref _failed);
    public long DeadLetteredCount => Interlocked.Read(ref _deadLettered);

    /// <summary>Attempts retried in place because PostgreSQL could not be reached (not counted against max_deliver).</summary>
    public long DatabaseUnavailableRetryCount => Interlocked.Read(ref _unavailableRetries);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(service.Schema.Subscribes.Select(entry => RunConsumerAsync(entry, stoppingToken)));

    /// <summary>The JetStream consumer configuration of one subscribe entry.</summary>
    public ConsumerConfig BuildConsumerConfig(SubscribeDescriptor entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var ackWait = entry.AckWaitMs ?? options.Consumer.AckWaitMs;
        var name = identity.ConsumerName(entry.ConsumerSuffix);
        var config = new ConsumerConfig(name)
        {
            FilterSubject = entry.Subject,
            AckPolicy = ConsumerConfigAckPolicy.Explicit,
            DeliverPolicy = ConsumerConfigDeliverPolicy.All,
            AckWait = TimeSpan.FromMilliseconds(ackWait),
            // max_deliver is enforced here (HandleAsync), not by JetStream: at its own limit JetStream stops redelivering
            // a message that was not acknowledged, so an event whose dead-letter row could not be written would be
            // stranded in the stream. Unlimited on the server, it comes back and its dead-lettering is tried again.
            MaxDeliver = -1,
            MaxAckPending = options.Consumer.MaxAckPending,
        };
        // No server-side Backoff: it would replace ack_wait for messages still waiting in this client's buffer and
        // redeliver healthy events early. Failed attempts are NAKed with the configured back-off delay instead.
        return config;
    }

    private async Task RunConsumerAsync(SubscribeDescriptor entry, CancellationToken stoppingToken)
    {
        var consumerName = identity.ConsumerName(entry.ConsumerSuffix);
        var maxDeliver = entry.MaxDeliver ?? options.Consumer.MaxDeliver;
        var backoff = new ExponentialBackoff(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var stream = await topology.EnsureStreamAsync(entry.Subject, stoppingToken).ConfigureAwait(false);
                var consumer = await js.CreateOrUpdateConsumerAsync(stream, BuildConsumerConfig(entry), stoppingToken).ConfigureAwait(false);
                logger.LogInformation("Consumer {Consumer} on stream {Stream} handles {Subject} with {Handler}", consumerName, stream, entry.Subject, entry.Handler);
                backoff.Reset();
                var consumeOpts = new NatsJSConsumeOpts
                {
                    MaxMsgs = options.Consumer.FetchBatchSize,
                    Expires = TimeSpan.FromSeconds(30),
                    IdleHeartbeat = TimeSpan.FromSeconds(5),
                };
                // max_concurrent_handlers workers take the delivered messages in order; a worker that finds several
                // waiting applies up to max_events_per_transaction of them in one transaction.
                var parallelism = Math.Max(1, options.Consumer.MaxConcurrentHandlers);
                var perTransaction = Math.Max(1, options.Consumer.MaxEventsPerTransaction);
                var delivered = Channel.CreateBounded<INatsJSMsg<byte[]>>(new BoundedChannelOptions(parallelism * perTransaction)
                {
                    SingleWriter = true,
                    SingleReader = parallelism == 1,
                });
                var workers = new Task[parallelism];
                for (var i = 0; i < parallelism; i++)
                {
                    workers[i] = Task.Run(() => WorkAsync(entry, consumerName, maxDeliver, delivered.Reader, perTransaction, stoppingToken), CancellationToken.None);
                }
                try
                {
                    await foreach (var msg in consumer.ConsumeAsync(NatsRawSerializer<byte[]>.Default, consumeOpts, stoppingToken).ConfigureAwait(false))
                    {
                        await delivered.Writer.WriteAsync(msg, stoppingToken).ConfigureAwait(false);
                    }
                }
                finally
                {
                    // let the workers apply what was delivered (they ack after their own COMMIT)
                    delivered.Writer.TryComplete();
                    await Task.WhenAll(workers).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                var delay = backoff.Next();
                logger.LogWarning(ex, "Consumer {Consumer} for {Subject} stopped; restarting in {DelayMs} ms", consumerName, entry.Subject, (int)delay.TotalMilliseconds);
                try
                {
                    await Task.Delay(delay, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task WorkAsync(SubscribeDescriptor entry, string consumerName, int maxDeliver, ChannelReader<INatsJSMsg<byte[]>> delivered, int perTransaction, CancellationToken stoppingToken)
    {
        var group = new List<INatsJSMsg<byte[]>>(perTransaction);
        while (await delivered.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
        {
            while (group.Count < perTransaction && delivered.TryRead(out var msg))
            {
                group.Add(msg);
            }
            try
            {
                if (group.Count == 1)
                {
                    await HandleAsync(entry, consumerName, maxDeliver, group[0], stoppingToken).ConfigureAwait(false);
                }
                else if (group.Count > 1)
                {
                    await HandleGroupAsync(entry, consumerName, maxDeliver, group, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // a worker never ends before its channel does: the others cannot take its share, and once all were gone
                // the subscription would stall with nothing logged. What it held is unacknowledged and comes back after ack_wait.
                logger.LogError(ex, "Consumer {Consumer}: {Count} event(s) left unacknowledged after an unexpected error; JetStream redelivers them after ack_wait",
                    consumerName, group.Count);
            }
            group.Clear();
        }
    }

    /// <summary>
    /// Applies several delivered events in one transaction and acks each after the COMMIT. If the transaction fails
    /// (one handler threw), nothing of it was applied and every event goes through <see cref="HandleAsync"/> on its own,
    /// with the per-event retry, back-off and dead-letter rules.
    /// </summary>
    private async Task HandleGroupAsync(SubscribeDescriptor entry, string consumerName, int maxDeliver, List<INatsJSMsg<byte[]>> group, CancellationToken stoppingToken)
    {
        var events = new EventToApply[group.Count];
        for (var i = 0; i < group.Count; i++)
        {
            var msg = group[i];
            events[i] = new EventToApply(EventIdOf(msg), Encoding.UTF8.GetString(msg.Data ?? []), msg.Headers, msg.Subject);
        }
        using var activity = EventProcessingActivity.Start(entry.Subject, consumerName, group);
        bool[] applied;
        try
        {
            // applied even if the host is stopping: a half-applied group would only be redelivered
            var (done, result) = await WhileDatabaseUnavailableAsync(entry, consumerName, group,
                () => invoker.InvokeBatchAsync(entry, consumerName, events, CancellationToken.None), stoppingToken).ConfigureAwait(false);
            if (!done)
            {
                return;
            }
            applied = result;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            logger.LogDebug(ex, "A group of {Count} events for {Consumer} failed together; applying them one by one", group.Count, consumerName);
            foreach (var msg in group)
            {
                await HandleAsync(entry, consumerName, maxDeliver, msg, stoppingToken).ConfigureAwait(false);
            }
            return;
        }
        if (applied.Contains(true))
        {
            ViewsWritten(entry);
        }
        for (var i = 0; i < group.Count; i++)
        {
            var msg = group[i];
            if (applied[i])
            {
                audit?.RecordEvent(msg.Subject, entry.Handler, IdentityHeaders.Read(msg.Headers), "applied", events[i].EventId.ToString());
            }
            Interlocked.Increment(ref applied[i] ? ref _applied : ref _skipped);
            await AckAppliedAsync(msg, events[i].EventId, consumerName).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Acknowledges an event whose transaction has committed. An ack that fails in any way (the connection lost, a
    /// command timeout, the connection disposed while stopping) is logged, never thrown: the event is applied, so it must
    /// not count as a failed attempt (at max_deliver that would dead-letter an applied event), and it must not end the
    /// worker. JetStream redelivers it after ack_wait and the inbox skips it.
    /// </summary>
    private async Task AckAppliedAsync(INatsJSMsg<byte[]> msg, Guid eventId, string consumerName)
    {
        try
        {
            await msg.AckAsync(cancellationToken: CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ackError)
        {
            logger.LogWarning(ackError, "Could not acknowledge applied event {EventId} of {Consumer}; it will be redelivered and skipped", eventId, consumerName);
        }
    }

    /// <summary>The handler's transaction has committed: cached query results that read the views it writes are dropped.</summary>
    private void ViewsWritten(SubscribeDescriptor entry)
    {
        if (cacheViews is not null && entry.InvalidatesViews.Length > 0)
        {
            cacheViews.Invalidate(entry.InvalidatesViews, InvalidationSource.Handler);
        }
    }

    private async Task HandleAsync(SubscribeDescriptor entry, string consumerName, int maxDeliver, INatsJSMsg<byte[]> msg, CancellationToken stoppingToken)
    {
        var correlationId = EventHeaderJson.Get(msg.Headers, EventHeaderNames.CorrelationId) ?? "-";
        var attempt = (int)(msg.Metadata?.NumDelivered ?? 1);
        var eventId = EventIdOf(msg);
        var body = msg.Data ?? [];
        using var scope = FraiseQL.Hosting.RuntimeLog.EventScope(logger, correlationId, eventId, consumerName);
        using var activity = EventProcessingActivity.Start(msg.Subject, consumerName, [msg]);
        bool applied;
        try
        {
            var payload = Encoding.UTF8.GetString(body);
            // the event is applied even if the host is stopping: a half-applied message would only be redelivered
            (var done, applied) = await WhileDatabaseUnavailableAsync(entry, consumerName, [msg],
                () => invoker.InvokeAsync(entry, consumerName, eventId, payload, msg.Headers, msg.Subject, CancellationToken.None), stoppingToken).ConfigureAwait(false);
            if (!done)
            {
                return; // the host stopped while PostgreSQL was away: unacknowledged, the event is redelivered
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            Interlocked.Increment(ref _failed);
            if (attempt >= maxDeliver)
            {
                logger.LogError(ex, "Handler {Handler} failed on event {EventId} ({Subject}, correlation {CorrelationId}) at attempt {Attempt}/{MaxDeliver}; dead-lettering it",
                    entry.Handler, eventId, msg.Subject, correlationId, attempt, maxDeliver);
                await DeadLetterAsync(entry, consumerName, msg, eventId, body, ex, attempt, stoppingToken).ConfigureAwait(false);
                audit?.RecordEvent(msg.Subject, entry.Handler, IdentityHeaders.Read(msg.Headers), "dead_lettered", eventId.ToString());
                return;
            }
            var delay = NakDelay(attempt);
            logger.LogWarning(ex, "Handler {Handler} failed on event {EventId} ({Subject}, correlation {CorrelationId}) at attempt {Attempt}/{MaxDeliver}; retrying in {DelayMs} ms",
                entry.Handler, eventId, msg.Subject, correlationId, attempt, maxDeliver, (int)delay.TotalMilliseconds);
            try
            {
                await msg.NakAsync(new AckOpts { NakDelay = delay }, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception nakError)
            {
                // whatever the reason (connection lost, command timeout, disposed while stopping): never the worker's end
                logger.LogWarning(nakError, "Could not NAK event {EventId}; JetStream redelivers it after ack_wait", eventId);
            }
            return;
        }
        // committed: from here on nothing counts as a failed attempt
        if (applied)
        {
            ViewsWritten(entry);
            audit?.RecordEvent(msg.Subject, entry.Handler, IdentityHeaders.Read(msg.Headers), "applied", eventId.ToString());
        }
        Interlocked.Increment(ref applied ? ref _applied : ref _skipped);
        await AckAppliedAsync(msg, eventId, consumerName).ConfigureAwait(false);
        if (!applied)
        {
            logger.LogDebug("Event {EventId} on {Subject} already applied by {Consumer}; acknowledged", eventId, msg.Subject, consumerName);
        }
    }

    private async Task DeadLetterAsync(SubscribeDescriptor entry, string consumerName, INatsJSMsg<byte[]> msg, Guid eventId, byte[] body, Exception error, int attempt,
        CancellationToken stoppingToken)
    {
        try
        {
            var headers = EventHeaderJson.FromNatsHeaders(msg.Headers);
            var (done, _) = await WhileDatabaseUnavailableAsync(entry, consumerName, [msg], async ValueTask<bool> () =>
            {
                await deadLetters.RecordAsync(consumerName, msg.Subject, eventId, body, headers, error.GetType().Name + ": " + error.Message, attempt, CancellationToken.None).ConfigureAwait(false);
                return true;
            }, stoppingToken).ConfigureAwait(false);
            if (!done)
            {
                return; // stopping: unacknowledged, the event is redelivered and dead-lettered then
            }
            Interlocked.Increment(ref _deadLettered);
            // a plain +TERM: nats-server before 2.10 ignores "+TERM <reason>" and redelivers the message after ack_wait,
            // forever, each time dead-lettered again (the reason is in the dead-letter row anyway)
            await msg.AckTerminateAsync(cancellationToken: CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // the row could not be written: leave the message unacknowledged so it is not lost (JetStream redelivers it
            // after ack_wait, without limit, and it is dead-lettered again)
            logger.LogError(ex, "Could not dead-letter event {EventId} of {Consumer} ({Handler}); it stays in the stream", eventId, consumerName, entry.Handler);
        }
    }

    /// <summary>
    /// Runs <paramref name="apply"/> until it returns or fails for another reason than PostgreSQL being unreachable
    /// (<see cref="PostgresFailures.IsUnavailable"/>: refused or reset connections, admin shutdown, too many connections).
    /// While it is unreachable the attempt is repeated here after a growing pause (at most half of ack_wait), and the
    /// messages are kept in progress (AckProgress restarts their ack_wait), so a database outage of any length neither
    /// uses up their max_deliver attempts nor dead-letters them. Returns false when the host stops first: the messages
    /// stay unacknowledged and are redelivered.
    /// </summary>
    private async Task<(bool Done, T Result)> WhileDatabaseUnavailableAsync<T>(SubscribeDescriptor entry, string consumerName,
        IReadOnlyList<INatsJSMsg<byte[]>> messages, Func<ValueTask<T>> apply, CancellationToken stoppingToken)
    {
        ExponentialBackoff? backoff = null;
        while (true)
        {
            try
            {
                var result = await apply().ConfigureAwait(false);
                if (backoff is not null)
                {
                    logger.LogInformation("PostgreSQL is reachable again; {Count} event(s) of {Consumer} applied after {Retries} retries", messages.Count, consumerName, backoff.Failures);
                }
                return (true, result);
            }
            catch (Exception ex) when (PostgresFailures.IsUnavailable(ex) && !stoppingToken.IsCancellationRequested)
            {
                var ackWait = TimeSpan.FromMilliseconds(entry.AckWaitMs ?? options.Consumer.AckWaitMs);
                backoff ??= new ExponentialBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5) < ackWait / 2 ? TimeSpan.FromSeconds(5) : ackWait / 2);
                var delay = backoff.Next();
                Interlocked.Increment(ref _unavailableRetries);
                if (backoff.Failures == 1)
                {
                    logger.LogWarning(ex, "PostgreSQL cannot be reached; {Count} event(s) of {Consumer} ({Handler}) are kept and retried until it is back, without counting against max_deliver",
                        messages.Count, consumerName, entry.Handler);
                }
                foreach (var msg in messages)
                {
                    try
                    {
                        await msg.AckProgressAsync(cancellationToken: CancellationToken.None).ConfigureAwait(false);
                    }
                    catch (NatsException progressError)
                    {
                        logger.LogDebug(progressError, "Could not extend ack_wait of an event of {Consumer}; JetStream may redeliver it (the inbox skips a second apply)", consumerName);
                    }
                }
                try
                {
                    await Task.Delay(delay, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return (false, default!);
                }
            }
        }
    }

    private TimeSpan NakDelay(int attempt)
    {
        var backoffMs = options.Consumer.BackoffMs;
        if (backoffMs.Length == 0)
        {
            return TimeSpan.FromMilliseconds(options.Consumer.AckWaitMs);
        }
        return TimeSpan.FromMilliseconds(backoffMs[Math.Min(attempt - 1, backoffMs.Length - 1)]);
    }

    private static Guid EventIdOf(INatsJSMsg<byte[]> msg)
    {
        if (Guid.TryParse(EventHeaderJson.Get(msg.Headers, EventHeaderNames.EventId), out var id)
            || Guid.TryParse(EventHeaderJson.Get(msg.Headers, EventHeaderNames.MessageId), out id))
        {
            return id;
        }
        // an event published without our headers: derive a stable id from its stream position
        var seq = msg.Metadata?.Sequence.Stream ?? 0;
        var stream = msg.Metadata?.Stream ?? msg.Subject;
        ulong hash = 14695981039346656037UL; // FNV-1a: stable across processes
        foreach (var c in stream)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }
        Span<byte> bytes = stackalloc byte[16];
        BitConverter.TryWriteBytes(bytes, hash);
        BitConverter.TryWriteBytes(bytes[8..], seq);
        return new Guid(bytes);
    }
}
