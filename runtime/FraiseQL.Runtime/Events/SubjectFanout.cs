using System.Collections.Immutable;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using NATS.Client.Core;

namespace FraiseQL.Events;

/// <summary>
/// One core NATS subscription per subject per instance, fanning each event out to every local subscriber
/// (the payload is parsed once per event, and a second copy of an event id is dropped). Lives while it has subscribers.
/// </summary>
internal sealed class SubjectFanout : IAsyncDisposable
{
    /// <summary>Event ids remembered per subject to drop second copies (minutes of traffic at hundreds of events per second).</summary>
    private const int RecentEventCapacity = 65_536;

    private readonly INatsSub<byte[]> _subscription;
    private readonly Task _pump;
    private readonly ILogger _logger;
    private readonly RecentEventIds _recent = new(RecentEventCapacity);
    private ImmutableArray<SubscriptionSubscriber> _subscribers = [];

    private SubjectFanout(string subject, INatsSub<byte[]> subscription, ILogger logger)
    {
        Subject = subject;
        _subscription = subscription;
        _logger = logger;
        _pump = Task.Run(PumpAsync);
    }

    public string Subject { get; }

    public int Count => _subscribers.Length;

    public static async Task<SubjectFanout> StartAsync(INatsConnection connection, string subject, ILogger logger, CancellationToken cancellationToken)
    {
        var sub = await connection.SubscribeCoreAsync(subject, serializer: NatsRawSerializer<byte[]>.Default, cancellationToken: cancellationToken).ConfigureAwait(false);
        return new SubjectFanout(subject, sub, logger);
    }

    public void Add(SubscriptionSubscriber subscriber) => ImmutableInterlocked.Update(ref _subscribers, static (a, s) => a.Add(s), subscriber);

    public void Remove(SubscriptionSubscriber subscriber) => ImmutableInterlocked.Update(ref _subscribers, static (a, s) => a.Remove(s), subscriber);

    private async Task PumpAsync()
    {
        try
        {
            await foreach (var msg in _subscription.Msgs.ReadAllAsync().ConfigureAwait(false))
            {
                var subscribers = _subscribers;
                if (subscribers.IsEmpty || msg.Data is not { Length: > 0 } data)
                {
                    continue;
                }
                if (msg.Headers is { } headers
                    && (headers.TryGetValue(EventHeaderNames.EventId, out var id) || headers.TryGetValue(EventHeaderNames.MessageId, out id))
                    && id.ToString() is { Length: > 0 } eventId && !_recent.Add(eventId))
                {
                    _logger.LogDebug("Event {EventId} on {Subject} arrived again (published twice, stored once); not delivered twice", eventId, Subject);
                    continue;
                }
                JsonDocument document;
                try
                {
                    document = JsonDocument.Parse(data);
                }
                catch (JsonException ex)
                {
                    _logger.LogWarning(ex, "Event on {Subject} is not JSON; not delivered to subscriptions", Subject);
                    continue;
                }
                var tenant = msg.Headers is { } h && h.TryGetValue(EventHeaderNames.Tenant, out var t) ? t.ToString() : null;
                using (document)
                {
                    foreach (var subscriber in subscribers)
                    {
                        try
                        {
                            subscriber.Offer(document.RootElement, tenant);
                        }
                        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
                        {
                            _logger.LogWarning(ex, "Could not project an event on {Subject} for subscription {Subscription}", Subject, subscriber.Subscription.Name);
                        }
                    }
                }
            }
        }
        catch (ObjectDisposedException)
        {
            // connection disposed while stopping
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _subscription.UnsubscribeAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NatsException or ObjectDisposedException)
        {
            _logger.LogDebug(ex, "Unsubscribe from {Subject} failed", Subject);
        }
        await _subscription.DisposeAsync().ConfigureAwait(false);
        await _pump.ConfigureAwait(false);
    }
}
