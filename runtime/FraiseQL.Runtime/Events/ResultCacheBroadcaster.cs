using System.Buffers;
using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using FraiseQL.Runtime.Security.Nats;
using FraiseQL.Sql;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NATS.Client.Core;

namespace FraiseQL.Events;

/// <summary>
/// Keeps the result caches of a service's instances coherent: every invalidation made here (a mutation, an event
/// handler's <c>invalidates_views</c>, <see cref="ResultCacheViews.Invalidate(string[])"/>) is announced on the core NATS
/// subject <see cref="NatsSubjects.CacheInvalidationSubject"/> as a JSON array of view names, and every other
/// instance's announcements are applied here. Announcements are coalesced (a burst of writes to one view is one
/// message) and retried while NATS is unreachable; an instance that lost its connection drops its whole cache when it
/// reconnects, since it may have missed announcements. Runs only when the service has a query that declares
/// <c>cache_ttl_seconds</c>. Core NATS delivers in about a millisecond but promises no delivery: the TTL stays the bound.
/// </summary>
/// <param name="views">The service's view counters; null (no PostgreSQL execution registered) turns the broadcaster off.</param>
/// <param name="enabled">Whether the service caches results at all ([caching] enabled and a query with a TTL).</param>
public sealed partial class ResultCacheBroadcaster(
    INatsConnection nats,
    ResultCacheViews? views,
    bool enabled,
    EventServiceIdentity identity,
    ILogger<ResultCacheBroadcaster> logger) : BackgroundService
{
    private readonly ResultCacheViews? _views = enabled ? views : null;

    private const string InstanceHeader = "Fraiseql-Instance";

    private readonly string _instance = Guid.NewGuid().ToString("N");
    private readonly ConcurrentDictionary<string, bool> _pending = new(StringComparer.Ordinal);
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private long _sent;
    private long _applied;
    private int _disconnected;

    /// <summary>Announcements published (one may carry several views).</summary>
    public long SentCount => Interlocked.Read(ref _sent);

    /// <summary>Other instances' announcements applied here.</summary>
    public long AppliedCount => Interlocked.Read(ref _applied);

    /// <summary>Whether this instance announces and applies invalidations.</summary>
    public bool IsActive => _views is not null;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_views is null)
        {
            return;
        }
        _views.Broadcast = Announce;
        nats.ConnectionDisconnected += OnDisconnected;
        nats.ConnectionOpened += OnOpened;
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_views is null)
        {
            return;
        }
        _views.Broadcast = null;
        nats.ConnectionDisconnected -= OnDisconnected;
        nats.ConnectionOpened -= OnOpened;
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var subject = NatsSubjects.CacheInvalidationSubject(identity.ServiceName);
        return Task.WhenAll(ReceiveAsync(subject, stoppingToken), SendAsync(subject, stoppingToken));
    }

    private void Announce(IReadOnlyList<string> names)
    {
        foreach (var name in names)
        {
            _pending[name] = true;
        }
        _wake.Writer.TryWrite(true);
    }

    private async Task SendAsync(string subject, CancellationToken stoppingToken)
    {
        var backoff = new ExponentialBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5));
        try
        {
            while (await _wake.Reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                _wake.Reader.TryRead(out _);
                var names = new List<string>();
                foreach (var name in _pending.Keys)
                {
                    if (_pending.TryRemove(name, out _))
                    {
                        names.Add(name);
                    }
                }
                if (names.Count == 0)
                {
                    continue;
                }
                try
                {
                    var headers = new NatsHeaders { [InstanceHeader] = _instance };
                    await nats.PublishAsync(subject, Serialize(names), headers, serializer: NatsRawSerializer<byte[]>.Default, cancellationToken: stoppingToken).ConfigureAwait(false);
                    Interlocked.Increment(ref _sent);
                    backoff.Reset();
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    foreach (var name in names)
                    {
                        _pending[name] = true;
                    }
                    var delay = backoff.Next();
                    LogSendFailed(logger, ex, names.Count, (int)delay.TotalMilliseconds);
                    await Task.Delay(delay, stoppingToken).ConfigureAwait(false);
                    _wake.Writer.TryWrite(true);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task ReceiveAsync(string subject, CancellationToken stoppingToken)
    {
        var backoff = new ExponentialBackoff(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await foreach (var msg in nats.SubscribeAsync(subject, serializer: NatsRawSerializer<byte[]>.Default, cancellationToken: stoppingToken).ConfigureAwait(false))
                {
                    if (msg.Headers is { } headers && headers.TryGetValue(InstanceHeader, out var from) && from == _instance)
                    {
                        continue; // our own announcement
                    }
                    if (Deserialize(msg.Data) is { } names)
                    {
                        _views!.InvalidateFromPeer(names, InvalidationSource.Nats);
                        Interlocked.Increment(ref _applied);
                    }
                    else
                    {
                        LogMalformed(logger, subject);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                var delay = backoff.Next();
                LogReceiveFailed(logger, ex, subject, (int)delay.TotalMilliseconds);
                _views!.InvalidateAll(InvalidationSource.Nats); // announcements may be missed until the subscription is back
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

    private ValueTask OnDisconnected(object? sender, NatsEventArgs args)
    {
        Interlocked.Exchange(ref _disconnected, 1);
        return ValueTask.CompletedTask;
    }

    private ValueTask OnOpened(object? sender, NatsEventArgs args)
    {
        if (Interlocked.Exchange(ref _disconnected, 0) == 1)
        {
            // other instances' announcements made while we were away are lost: nothing cached before is trusted
            _views?.InvalidateAll(InvalidationSource.Nats);
            LogReconnected(logger);
        }
        return ValueTask.CompletedTask;
    }

    internal static byte[] Serialize(IReadOnlyList<string> names)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var name in names)
            {
                writer.WriteStringValue(name);
            }
            writer.WriteEndArray();
        }
        return buffer.WrittenSpan.ToArray();
    }

    internal static List<string>? Deserialize(byte[]? data)
    {
        if (data is null)
        {
            return null;
        }
        try
        {
            var reader = new Utf8JsonReader(data);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
            {
                return null;
            }
            var names = new List<string>();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType != JsonTokenType.String)
                {
                    return null;
                }
                names.Add(reader.GetString()!);
            }
            return names;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not announce {Count} result-cache invalidations to the other instances; retrying in {DelayMs} ms")]
    private static partial void LogSendFailed(ILogger logger, Exception exception, int count, int delayMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Result-cache invalidations on {Subject} stopped; the cache is dropped and the subscription restarts in {DelayMs} ms")]
    private static partial void LogReceiveFailed(ILogger logger, Exception exception, string subject, int delayMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignored a malformed result-cache invalidation on {Subject} (expected a JSON array of view names)")]
    private static partial void LogMalformed(ILogger logger, string subject);

    [LoggerMessage(Level = LogLevel.Information, Message = "NATS reconnected: the result cache is dropped, since invalidations from other instances may have been missed")]
    private static partial void LogReconnected(ILogger logger);
}
