using System.Buffers;
using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text.Json;
using FraiseQL.Configuration;
using FraiseQL.Events;
using FraiseQL.Execution;
using FraiseQL.GraphQL;
using FraiseQL.Hosting;
using FraiseQL.Http;
using GraphQLParser.AST;
using Microsoft.Extensions.Logging;

namespace FraiseQL.WebSockets;

/// <summary>
/// One <c>graphql-transport-ws</c> connection: connection_init/ack (timeout → 4408, twice → 4429),
/// ping/pong, subscribe → next*/error/complete, client complete cancels. Subscriptions stream from
/// <see cref="ISubscriptionEventStream"/>; queries and mutations sent over the socket answer with one
/// <c>next</c> and <c>complete</c>. Closing the socket cancels every running operation. When the server stops, the
/// subscriptions end (without <c>complete</c>: they did not finish), the queries and mutations running answer, and the
/// socket closes with 1001 (Going Away), on which graphql-ws's client reconnects.
/// </summary>
internal sealed class GraphQLWebSocketSession
{
    private const int MaxMessageBytes = 512 * 1024;

    /// <summary>How long the server waits for the client's close frame after sending its own.</summary>
    private static readonly TimeSpan PeerCloseWait = TimeSpan.FromSeconds(2);

    private readonly WebSocket _socket;
    private readonly GraphQLExecutor _executor;
    private readonly IFieldAuthorizer _authorizer;
    private readonly IWebSocketConnectionInitializer _initializer;
    private readonly Microsoft.AspNetCore.Http.HttpContext _http;
    private readonly ISubscriptionEventStream? _events;
    private RequestContext _context;
    private CancellationTokenSource? _connection;
    private Task _expiryWatch = Task.CompletedTask;
    private readonly SubscriptionsConfig _config;
    private readonly CancellationToken _stopping;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _operations = new(StringComparer.Ordinal);
    private readonly List<Task> _running = [];
    private bool _initReceived;
    private bool _acknowledged;

    public GraphQLWebSocketSession(
        WebSocket socket,
        GraphQLExecutor executor,
        IFieldAuthorizer authorizer,
        IWebSocketConnectionInitializer initializer,
        Microsoft.AspNetCore.Http.HttpContext http,
        ISubscriptionEventStream? events,
        RequestContext context,
        SubscriptionsConfig config,
        CancellationToken stopping,
        ILogger logger)
    {
        _socket = socket;
        _executor = executor;
        _authorizer = authorizer;
        _initializer = initializer;
        _http = http;
        _events = events;
        _context = context;
        _config = config;
        _stopping = stopping;
        _logger = logger;
    }

    public async Task RunAsync(CancellationToken requestAborted)
    {
        using var connection = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
        _connection = connection;
        using var initTimeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(_config.ConnectionInitTimeoutMs));
        var initWatch = WatchInitAsync(initTimeout.Token, connection);
        var keepalive = _config.KeepaliveMs > 0 ? KeepaliveAsync(TimeSpan.FromMilliseconds(_config.KeepaliveMs), connection.Token) : Task.CompletedTask;
        var shutdownWatch = WatchShutdownAsync(connection);
        try
        {
            while (_socket.State == WebSocketState.Open && !connection.IsCancellationRequested)
            {
                var message = await ReceiveAsync(connection.Token).ConfigureAwait(false);
                if (message is null)
                {
                    break;
                }
                if (_socket.State != WebSocketState.Open)
                {
                    // this side has sent its close frame (a watcher closed: token expired, shutdown) while the message
                    // was on its way: it is not run (the caller's token may have expired)
                    message.Dispose();
                    break;
                }
                if (!await DispatchAsync(message, initTimeout, connection.Token).ConfigureAwait(false))
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (WebSocketException)
        {
            // peer vanished
        }
        finally
        {
            connection.Cancel();
            foreach (var cts in _operations.Values)
            {
                await cts.CancelAsync().ConfigureAwait(false);
            }
            Task[] running;
            lock (_running)
            {
                running = [.. _running];
            }
            await Task.WhenAll(running).ConfigureAwait(false);
            await initWatch.ConfigureAwait(false);
            await _expiryWatch.ConfigureAwait(false);
            await shutdownWatch.ConfigureAwait(false);
            await keepalive.ConfigureAwait(false);
            await AwaitPeerCloseAsync().ConfigureAwait(false);
            _sendLock.Dispose();
        }
    }

    /// <summary>
    /// After this side sent a close frame, reads (and drops) what the client still sends until its own close frame, for
    /// at most 2 s. Ending the request with unread data resets the TCP connection, and a client in the middle of sending
    /// (an oversized message, say) then saw the socket drop (1006) instead of the close code and its reason.
    /// </summary>
    private async Task AwaitPeerCloseAsync()
    {
        if (_socket.State != WebSocketState.CloseSent)
        {
            return;
        }
        using var timeout = new CancellationTokenSource(PeerCloseWait);
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            while (_socket.State == WebSocketState.CloseSent)
            {
                var result = await _socket.ReceiveAsync(buffer.AsMemory(), timeout.Token).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
            // the client went away or took too long: the request ends anyway
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task WatchInitAsync(CancellationToken initTimeout, CancellationTokenSource connection)
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(initTimeout, connection.Token);
        try
        {
            await Task.Delay(Timeout.Infinite, either.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            if (initTimeout.IsCancellationRequested && !connection.IsCancellationRequested && !_initReceived)
            {
                await CloseAndEndAsync(4408, "Connection initialisation timeout", connection).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Closes the connection with 4403 when the caller's token expires: the context was set once, at connection_init,
    /// and without this an expired (or revoked and expired) token kept running queries, mutations and subscriptions for
    /// as long as the socket stayed open. The client reconnects with a fresh token.
    /// </summary>
    private async Task WatchExpiryAsync(DateTimeOffset expiresAt, CancellationTokenSource connection)
    {
        try
        {
            await CredentialExpiry.WaitAsync(expiresAt, connection.Token).ConfigureAwait(false);
            await CloseAndEndAsync(4403, "Token expired: connect again with a new token", connection).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // the connection ended first
        }
    }

    /// <summary>
    /// When the server stops: the subscriptions end (each registered on <see cref="_stopping"/>), the operations still
    /// running answer, then the socket closes with 1001 (Going Away). Until 2026-12-08 a stopping server kept every
    /// socket open for the whole shutdown timeout (30 s by default) and then dropped it: clients saw 1006 that late, and
    /// a mutation running then was cut off.
    /// </summary>
    private async Task WatchShutdownAsync(CancellationTokenSource connection)
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(_stopping, connection.Token);
        try
        {
            await Task.Delay(Timeout.Infinite, either.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            if (connection.IsCancellationRequested)
            {
                return; // the connection ended first
            }
        }
        Task[] running;
        lock (_running)
        {
            running = [.. _running];
        }
        await Task.WhenAll(running).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await CloseAndEndAsync(1001, "Server shutting down", connection).ConfigureAwait(false);
    }

    /// <summary>Sends a protocol ping at a fixed interval so proxies keep idle connections open.</summary>
    private async Task KeepaliveAsync(TimeSpan interval, CancellationToken connection)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(connection).ConfigureAwait(false))
            {
                if (_acknowledged)
                {
                    await SendAsync(w => w.WriteString("type", "ping")).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (WebSocketException)
        {
        }
    }

    /// <summary>Returns the received text frame(s) as one JSON document, or null when the peer closed.</summary>
    private async Task<JsonDocument?> ReceiveAsync(CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        while (true)
        {
            var memory = buffer.GetMemory(4096);
            var result = await _socket.ReceiveAsync(memory, cancellationToken).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                RuntimeLog.WebSocketClosed(_logger, (int)(_socket.CloseStatus ?? WebSocketCloseStatus.NormalClosure), _socket.CloseStatusDescription ?? "");
                if (_socket.State == WebSocketState.CloseReceived)
                {
                    await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None).ConfigureAwait(false);
                }
                return null;
            }
            buffer.Advance(result.Count);
            if (buffer.WrittenCount > MaxMessageBytes)
            {
                await CloseAsync(4400, "Message too large").ConfigureAwait(false);
                return null;
            }
            if (result.EndOfMessage)
            {
                break;
            }
        }
        var problem = JsonStrings.TryParse(buffer.WrittenMemory, default, out var message, out _);
        if (problem != JsonStrings.Problem.None)
        {
            await CloseAsync(4400, problem switch
            {
                JsonStrings.Problem.NotUtf8 => "Invalid message: not UTF-8",
                JsonStrings.Problem.NotJson => "Invalid message: not JSON",
                _ => "Invalid message: " + JsonStrings.Unreadable,
            }).ConfigureAwait(false);
            return null;
        }
        return message;
    }

    /// <summary>Handles one message; false to stop the connection.</summary>
    private async Task<bool> DispatchAsync(JsonDocument message, CancellationTokenSource initTimeout, CancellationToken connection)
    {
        using (message)
        {
            var root = message.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
            {
                await CloseAsync(4400, "Invalid message: missing \"type\"").ConfigureAwait(false);
                return false;
            }
            switch (typeElement.GetString())
            {
                case "connection_init":
                    if (_initReceived)
                    {
                        await CloseAsync(4429, "Too many initialisation requests").ConfigureAwait(false);
                        return false;
                    }
                    _initReceived = true;
                    await initTimeout.CancelAsync().ConfigureAwait(false);
                    var init = await _initializer.InitializeAsync(
                        _http, root.TryGetProperty("payload", out var initPayload) ? initPayload : null, _context, connection).ConfigureAwait(false);
                    if (init.Error is not null || init.Context is null)
                    {
                        var reason = init.Error?.Message ?? "Forbidden";
                        await CloseAsync(4403, reason.Length > 100 ? reason[..100] : reason).ConfigureAwait(false);
                        return false;
                    }
                    _context = init.Context;
                    if (init.Context.ExpiresAt is { } expiresAt && _connection is { } connectionSource)
                    {
                        _expiryWatch = WatchExpiryAsync(expiresAt, connectionSource);
                    }
                    await SendAsync(w => w.WriteString("type", "connection_ack")).ConfigureAwait(false);
                    _acknowledged = true;
                    return true;
                case "ping":
                    await SendAsync(w => w.WriteString("type", "pong")).ConfigureAwait(false);
                    return true;
                case "pong":
                    return true;
                case "subscribe":
                    return await SubscribeAsync(root, connection).ConfigureAwait(false);
                case "complete":
                    if (root.TryGetProperty("id", out var idElement) && idElement.ValueKind == JsonValueKind.String
                        && _operations.TryRemove(idElement.GetString()!, out var cts))
                    {
                        await cts.CancelAsync().ConfigureAwait(false);
                    }
                    return true;
                default:
                    await CloseAsync(4400, $"Invalid message type \"{typeElement.GetString()}\"").ConfigureAwait(false);
                    return false;
            }
        }
    }

    private async Task<bool> SubscribeAsync(JsonElement root, CancellationToken connection)
    {
        if (!_acknowledged)
        {
            await CloseAsync(4401, "Unauthorized").ConfigureAwait(false);
            return false;
        }
        if (!root.TryGetProperty("id", out var idElement) || idElement.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(idElement.GetString()))
        {
            await CloseAsync(4400, "Invalid message: subscribe requires a string \"id\"").ConfigureAwait(false);
            return false;
        }
        var id = idElement.GetString()!;
        if (!root.TryGetProperty("payload", out var payload))
        {
            await CloseAsync(4400, "Invalid message: subscribe requires a \"payload\"").ConfigureAwait(false);
            return false;
        }
        var read = GraphQLHttpRequestReader.FromElement(payload);
        if (read.Request is null)
        {
            await CloseAsync(4400, "Invalid message: " + read.Error).ConfigureAwait(false);
            return false;
        }
        if (_stopping.IsCancellationRequested)
        {
            await SendErrorAsync(id, [new GraphQLError("The server is shutting down: connect again.", "SERVICE_UNAVAILABLE")]).ConfigureAwait(false);
            return true;
        }
        if (_operations.Count >= _config.MaxSubscriptionsPerConnection)
        {
            await SendErrorAsync(id, [new GraphQLError($"Too many operations on this connection (maximum {_config.MaxSubscriptionsPerConnection}).", "TOO_MANY_SUBSCRIPTIONS")]).ConfigureAwait(false);
            return true;
        }
        var cts = CancellationTokenSource.CreateLinkedTokenSource(connection);
        if (!_operations.TryAdd(id, cts))
        {
            cts.Dispose();
            await CloseAsync(4409, $"Subscriber for {id} already exists").ConfigureAwait(false);
            return false;
        }
        var task = Task.Run(() => RunOperationAsync(id, read.Request, cts), CancellationToken.None);
        lock (_running)
        {
            _running.RemoveAll(t => t.IsCompleted);
            _running.Add(task);
        }
        return true;
    }

    private async Task RunOperationAsync(string id, GraphQLRequest request, CancellationTokenSource cts)
    {
        var token = cts.Token;
        try
        {
            var prepared = _executor.Prepare(request);
            if (!prepared.IsReady)
            {
                await SendErrorAsync(id, prepared.Errors).ConfigureAwait(false);
                return;
            }
            if (prepared.Operation!.Operation != OperationType.Subscription)
            {
                using var result = await _executor.ExecuteAsync(request, _context, allowMutation: true, token).ConfigureAwait(false);
                if (result.Outcome == ExecutionOutcome.RequestError)
                {
                    await SendErrorAsync(id, result.Errors).ConfigureAwait(false);
                    return;
                }
                await SendAsync(w =>
                {
                    w.WriteString("id", id);
                    w.WriteString("type", "next");
                    w.WritePropertyName("payload");
                    w.WriteRawValue(result.Body.Span, skipInputValidation: true);
                }).ConfigureAwait(false);
                await SendCompleteAsync(id).ConfigureAwait(false);
                return;
            }
            // a subscription ends when the server stops; a query or mutation answers first
            using var stopOnShutdown = _stopping.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), cts);
            await StreamSubscriptionAsync(id, prepared.RootFields[0], token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // client sent complete or disconnected: nothing more to send
        }
        catch (GraphQLErrorException ex)
        {
            await TrySendErrorAsync(id, ex.Error).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            RuntimeLog.SubscriptionFailed(_logger, ex, id);
            await TrySendErrorAsync(id, new GraphQLError($"Internal error in subscription {id} (correlation id {_context.CorrelationId}).", "INTERNAL_SERVER_ERROR")).ConfigureAwait(false);
        }
        finally
        {
            _operations.TryRemove(new KeyValuePair<string, CancellationTokenSource>(id, cts));
            cts.Dispose();
        }
    }

    private async Task StreamSubscriptionAsync(string id, PlannedRootField root, CancellationToken token)
    {
        var descriptor = root.Field.Subscription!;
        var authorization = await _authorizer.AuthorizeSelectionAsync(root.Field, root.Selection, _context, token).ConfigureAwait(false);
        var denied = authorization.Denial;
        var selection = authorization.Selection;
        if (denied is not null)
        {
            await SendErrorAsync(id, [denied]).ConfigureAwait(false);
            return;
        }
        if (_events is null)
        {
            await SendErrorAsync(id, [ResponseJson.NoEventStream()]).ConfigureAwait(false);
            return;
        }
        RuntimeLog.SubscriptionStarted(_logger, id, selection.FieldName);
        FraiseQLTelemetry.ActiveSubscriptions.Add(1);
        try
        {
            var responseName = selection.ResponseName;
            await foreach (var value in _events.SubscribeAsync(descriptor, selection, _context, token).ConfigureAwait(false))
            {
                await SendAsync(w =>
                {
                    w.WriteString("id", id);
                    w.WriteString("type", "next");
                    w.WritePropertyName("payload");
                    ResponseJson.WriteSubscriptionEvent(w, responseName, value.Span);
                }).ConfigureAwait(false);
            }
            if (!token.IsCancellationRequested)
            {
                await SendCompleteAsync(id).ConfigureAwait(false);
            }
        }
        finally
        {
            FraiseQLTelemetry.ActiveSubscriptions.Add(-1);
            RuntimeLog.SubscriptionEnded(_logger, id);
        }
    }

    private Task SendCompleteAsync(string id) => SendAsync(w =>
    {
        w.WriteString("id", id);
        w.WriteString("type", "complete");
    });

    private Task SendErrorAsync(string id, IReadOnlyList<GraphQLError> errors) => SendAsync(w =>
    {
        w.WriteString("id", id);
        w.WriteString("type", "error");
        w.WritePropertyName("payload");
        w.WriteStartArray();
        foreach (var e in errors)
        {
            ResponseJson.WriteError(w, e);
        }
        w.WriteEndArray();
    });

    private async Task TrySendErrorAsync(string id, GraphQLError error)
    {
        try
        {
            await SendErrorAsync(id, [error]).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or OperationCanceledException)
        {
            // connection already gone
        }
    }

    private async Task SendAsync(Action<Utf8JsonWriter> writeBody)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            writeBody(w);
            w.WriteEndObject();
        }
        await _sendLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                await _socket.SendAsync(buffer.WrittenMemory, WebSocketMessageType.Text, true, CancellationToken.None).ConfigureAwait(false);
            }
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>
    /// A close frame's reason holds at most 123 bytes of UTF-8 (RFC 6455 §5.5): a longer one (a reason that quotes the
    /// client's message type, say) made the close throw and the socket drop without a close frame.
    /// </summary>
    internal static string CloseReason(string reason)
    {
        const int MaxBytes = 123;
        if (System.Text.Encoding.UTF8.GetByteCount(reason) <= MaxBytes)
        {
            return reason;
        }
        var end = Math.Min(reason.Length, MaxBytes - 3); // every char is at least one byte; "…" is three
        while (end > 0 && System.Text.Encoding.UTF8.GetByteCount(reason.AsSpan(0, end)) + 3 > MaxBytes)
        {
            end--;
        }
        if (end > 0 && char.IsHighSurrogate(reason[end - 1]))
        {
            end--;
        }
        return string.Concat(reason.AsSpan(0, end), "…");
    }

    /// <summary>
    /// Closes the connection from outside the receive loop (a watcher: init timeout, token expiry, shutdown): sends the
    /// close frame, and lets the receive loop read the client's own close frame, for at most 2 s before the connection
    /// is cancelled. Cancelling it at once aborted the pending receive, and with it the socket: the request ended with
    /// the client's close reply unread, and the connection could be reset before the client read the close frame (1006
    /// instead of the code and its reason).
    /// </summary>
    private async Task CloseAndEndAsync(int code, string reason, CancellationTokenSource connection)
    {
        await CloseAsync(code, reason).ConfigureAwait(false);
        try
        {
            connection.CancelAfter(PeerCloseWait);
        }
        catch (ObjectDisposedException)
        {
            // the connection has ended meanwhile
        }
    }

    private async Task CloseAsync(int code, string reason)
    {
        RuntimeLog.WebSocketClosed(_logger, code, reason);
        await _sendLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await _socket.CloseOutputAsync((WebSocketCloseStatus)code, CloseReason(reason), CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (WebSocketException)
        {
        }
        finally
        {
            _sendLock.Release();
        }
    }
}
