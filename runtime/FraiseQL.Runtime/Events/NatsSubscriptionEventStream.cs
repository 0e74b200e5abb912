using System.Runtime.CompilerServices;
using System.Threading.Channels;
using FraiseQL.Execution;
using FraiseQL.GraphQL;
using FraiseQL.Schema;
using Microsoft.Extensions.Logging;
using NATS.Client.Core;

namespace FraiseQL.Events;

/// <summary>
/// <see cref="ISubscriptionEventStream"/> fed from NATS: every subject in <c>SubscriptionDescriptor.Subjects</c> gets
/// one core subscription per instance (shared by all local clients, removed with the last one), so clients of any
/// instance see events relayed by any instance. Each client has its own argument filter and projection and a
/// bounded queue (a client that falls behind never blocks others: once its queue overflows, its subscription ends with
/// an <c>EVENTS_DROPPED</c> error, so it never goes on with a gap it cannot see), and gets only its own tenant's events
/// (see <see cref="SubscriptionSubscriber"/>).
/// </summary>
public sealed class NatsSubscriptionEventStream(
    INatsConnection connection,
    JsonSelectionProjector projector,
    ILogger<NatsSubscriptionEventStream> logger) : ISubscriptionEventStream, IAsyncDisposable
{
    /// <summary>Events queued per client; one more drops the oldest and ends the subscription with <c>EVENTS_DROPPED</c>.</summary>
    public const int ClientQueueCapacity = 1024;

    private readonly Dictionary<string, SubjectFanout> _fanouts = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private int _clients;
    private int _subjects;

    /// <summary>Active subscriptions on this instance, each attached to all its subjects.</summary>
    public int ActiveSubscriptionCount => Volatile.Read(ref _clients);

    /// <summary>Subjects with a live NATS subscription on this instance.</summary>
    public int ActiveSubjectCount => Volatile.Read(ref _subjects);

    public async IAsyncEnumerable<ReadOnlyMemory<byte>> SubscribeAsync(SubscriptionDescriptor subscription, FieldSelection field, RequestContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(context);
        if (subscription.Subjects.Length == 0)
        {
            throw new GraphQLErrorException(new GraphQLError(
                $"Subscription '{subscription.Name}' has no event source: no [[observers.publish]] entry in fraiseql.toml names subscription_topic = \"{subscription.Topic}\".",
                "INTERNAL_SERVER_ERROR"));
        }
        var dropped = 0;
        var channel = Channel.CreateBounded<byte[]>(
            new BoundedChannelOptions(ClientQueueCapacity)
            {
                FullMode = BoundedChannelFullMode.DropOldest,
                SingleReader = true,
                SingleWriter = false,
            },
            _ => Interlocked.Increment(ref dropped));
        var subscriber = new SubscriptionSubscriber(subscription, field, new SubscriptionFilter(subscription, field.Arguments), projector, channel.Writer, context.TenantId);
        var subjects = subscription.Subjects.Distinct(StringComparer.Ordinal).ToArray();
        var attached = new List<string>(subjects.Length);
        var counted = false;
        try
        {
            foreach (var subject in subjects)
            {
                await AttachAsync(subject, subscriber, cancellationToken).ConfigureAwait(false);
                attached.Add(subject);
            }
            // counted once attached to every subject: a count of N means N subscribers whose NATS SUB has been sent
            Interlocked.Increment(ref _clients);
            counted = true;
            logger.LogDebug("Subscription {Subscription} started (correlation {CorrelationId})", subscription.Name, context.CorrelationId);
            while (true)
            {
                bool more;
                try
                {
                    more = await channel.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    more = false;
                }
                if (!more)
                {
                    break;
                }
                while (channel.Reader.TryRead(out var item))
                {
                    if (Volatile.Read(ref dropped) > 0)
                    {
                        // the client fell behind and lost events: it is told, and resubscribes and refetches, rather
                        // than go on with a gap it cannot see
                        throw EventsDropped(subscription, Volatile.Read(ref dropped), context.CorrelationId);
                    }
                    yield return item;
                }
            }
        }
        finally
        {
            subscriber.Complete();
            foreach (var subject in attached)
            {
                await DetachAsync(subject, subscriber).ConfigureAwait(false);
            }
            if (counted)
            {
                Interlocked.Decrement(ref _clients);
                logger.LogDebug("Subscription {Subscription} ended (correlation {CorrelationId})", subscription.Name, context.CorrelationId);
            }
        }
    }

    private GraphQLErrorException EventsDropped(SubscriptionDescriptor subscription, int dropped, string correlationId)
    {
        logger.LogWarning("Subscription {Subscription} ended: its client fell more than {Capacity} events behind and {Dropped} were dropped (correlation {CorrelationId})",
            subscription.Name, ClientQueueCapacity, dropped, correlationId);
        return new GraphQLErrorException(new GraphQLError(
            $"The subscription fell more than {ClientQueueCapacity} events behind and {dropped} of them were dropped; it has ended. Subscribe again, and refetch what you show.",
            "EVENTS_DROPPED"));
    }

    private async Task AttachAsync(string subject, SubscriptionSubscriber subscriber, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_fanouts.TryGetValue(subject, out var fanout))
            {
                fanout = await SubjectFanout.StartAsync(connection, subject, logger, cancellationToken).ConfigureAwait(false);
                _fanouts.Add(subject, fanout);
                Volatile.Write(ref _subjects, _fanouts.Count);
            }
            fanout.Add(subscriber);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task DetachAsync(string subject, SubscriptionSubscriber subscriber)
    {
        SubjectFanout? closing = null;
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_fanouts.TryGetValue(subject, out var fanout))
            {
                fanout.Remove(subscriber);
                if (fanout.Count == 0)
                {
                    _fanouts.Remove(subject);
                    Volatile.Write(ref _subjects, _fanouts.Count);
                    closing = fanout;
                }
            }
        }
        finally
        {
            _gate.Release();
        }
        if (closing is not null)
        {
            await closing.DisposeAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        List<SubjectFanout> all;
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            all = [.. _fanouts.Values];
            _fanouts.Clear();
            Volatile.Write(ref _subjects, 0);
        }
        finally
        {
            _gate.Release();
        }
        foreach (var fanout in all)
        {
            await fanout.DisposeAsync().ConfigureAwait(false);
        }
    }
}
