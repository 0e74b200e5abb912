using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace FraiseQL.Events;

/// <summary>
/// Publishes outbox messages to JetStream with <c>Nats-Msg-Id</c> = event id (JetStream drops a second copy of an id
/// within the stream's duplicate window): one sequential publisher per subject keeps each subject's order, subjects
/// run concurrently, and each subject keeps up to <see cref="OutboxOptions.MaxInFlight"/> acks outstanding. A message
/// NATS could never take (<see cref="UnpublishableMessage"/>) is not sent but returned as rejected, and the subject's
/// later messages go on without it.
/// </summary>
public sealed class OutboxPublisher(INatsJSContext js, EventStreamTopology topology, FraiseQLEventsOptions options)
{
    public async Task<OutboxPublishOutcome> PublishAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var outcome = new OutboxPublishOutcome(new List<Guid>(messages.Count), [], null, []);
        if (messages.Count == 0)
        {
            return outcome;
        }
        var bySubject = messages.GroupBy(r => r.Subject, StringComparer.Ordinal).ToList();
        var results = bySubject.Count == 1
            ? [await PublishSequenceAsync(messages, cancellationToken).ConfigureAwait(false)]
            : await Task.WhenAll(bySubject.Select(g => PublishSequenceAsync(g.ToList(), cancellationToken))).ConfigureAwait(false);
        string? error = null;
        foreach (var r in results)
        {
            outcome.Acked.AddRange(r.Acked);
            outcome.Failed.AddRange(r.Failed);
            outcome.Rejected.AddRange(r.Rejected);
            error ??= r.Error;
        }
        return outcome with { Error = error };
    }

    /// <summary>Publishes one subject's messages in order with up to <see cref="OutboxOptions.MaxInFlight"/> acks outstanding
    /// (the connection writes them in call order, so JetStream stores them in order).</summary>
    private async Task<(List<Guid> Acked, List<Guid> Failed, string? Error, List<RejectedOutboxMessage> Rejected)> PublishSequenceAsync(
        IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        var acked = new List<Guid>(messages.Count);
        var failed = new List<Guid>();
        var rejected = new List<RejectedOutboxMessage>();
        string? error = null;
        try
        {
            await topology.EnsureStreamAsync(messages[0].Subject, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is NatsException or OperationCanceledException or TimeoutException or InvalidOperationException)
        {
            failed.AddRange(messages.Select(r => r.Id));
            return (acked, failed, ex.GetType().Name + ": " + ex.Message, rejected);
        }
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var window = Math.Max(1, options.Outbox.MaxInFlight);
        attempt.CancelAfter(TimeSpan.FromMilliseconds(options.NatsRequestTimeoutMs) * Math.Max(1, (messages.Count + window - 1) / window));
        // A sliding window: up to max_in_flight publishes outstanding, the next one issued as soon as the oldest is
        // acknowledged. Issued in order on one connection, so JetStream stores them in order. After the first failure
        // nothing more is issued; what was already in flight is still awaited (an ack there means stored).
        var inFlight = new Queue<(OutboxMessage Message, Task<PubAckResponse> Ack)>(Math.Min(window, messages.Count));
        var next = 0;
        while (next < messages.Count || inFlight.Count > 0)
        {
            while (error is null && next < messages.Count && inFlight.Count < window)
            {
                var message = messages[next++];
                if (UnpublishableMessage.ReasonOf(message, js.Connection.ServerInfo?.MaxPayload) is { } reason)
                {
                    rejected.Add(new RejectedOutboxMessage(message, reason));
                    continue;
                }
                inFlight.Enqueue((message, js.PublishAsync(
                    message.Subject,
                    System.Text.Encoding.UTF8.GetBytes(message.PayloadJson),
                    NatsRawSerializer<byte[]>.Default,
                    new NatsJSPubOpts { MsgId = message.Id.ToString() },
                    EventHeaderJson.ToNatsHeaders(message.Headers),
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
        for (var j = next; j < messages.Count; j++)
        {
            failed.Add(messages[j].Id); // never issued after the failure: retried later
        }
        return (acked, failed, error, rejected);
    }
}
