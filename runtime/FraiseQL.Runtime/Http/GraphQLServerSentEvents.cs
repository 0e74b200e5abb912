using System.Buffers;
using FraiseQL.Configuration;
using FraiseQL.Events;
using FraiseQL.Execution;
using FraiseQL.GraphQL;
using FraiseQL.Hosting;
using GraphQLParser.AST;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace FraiseQL.Http;

/// <summary>
/// GraphQL over Server-Sent Events, the graphql-sse protocol's distinct connections mode: a POST (or, for queries and
/// subscriptions, a GET) whose <c>Accept</c> asks for <c>text/event-stream</c> gets its results as events on the
/// response, so a client subscribes without a WebSocket (through proxies that only speak HTTP, over HTTP/2):
/// <code>
/// event: next
/// data: {"data":{"orderStatusChanged":{"id":"…","status":"shipped"}}}
///
/// event: complete
/// data:
/// </code>
/// A query or mutation is one <c>next</c> then <c>complete</c>; a subscription streams one <c>next</c> per event until
/// the client disconnects (or the stream ends, then <c>complete</c>), with a comment line every
/// <c>[subscriptions] keepalive_ms</c> so idle proxies keep the connection. When the server stops, a subscription's
/// response ends at once, without <c>complete</c> (it did not finish: graphql-sse's client connects again). A request
/// that fails before anything runs (syntax, validation, variables, authorization, limits, no event source) is answered
/// on an accepted stream, with its errors as one <c>next</c> event and then <c>complete</c>, as the protocol requires
/// ("Validation steps that run before execution of the GraphQL operation MUST report errors through an accepted SSE
/// connection"): a 4xx would fail the connection with no way to read why (a browser's EventSource sees no body). Only
/// HTTP's own refusals keep their status: a mutation over GET is a 405, and an unreadable body, a wrong content type or
/// an oversized one are refused before this.
/// </summary>
public sealed class GraphQLServerSentEvents
{
    public const string MediaType = "text/event-stream";

    private static readonly byte[] NextEventStart = "event: next\ndata: "u8.ToArray();
    private static readonly byte[] EventEnd = "\n\n"u8.ToArray();
    private static readonly byte[] CompleteEvent = "event: complete\ndata:\n\n"u8.ToArray();
    private static readonly byte[] KeepaliveComment = ":\n\n"u8.ToArray();

    private readonly GraphQLExecutor _executor;
    private readonly IFieldAuthorizer _authorizer;
    private readonly IServiceProvider _services;
    private readonly SubscriptionsConfig _config;
    private readonly ILogger<GraphQLServerSentEvents> _logger;
    private readonly CancellationToken _stopping;

    public GraphQLServerSentEvents(GraphQLExecutor executor, IFieldAuthorizer authorizer, IServiceProvider services, FraiseQLConfig config,
        ILogger<GraphQLServerSentEvents> logger)
    {
        ArgumentNullException.ThrowIfNull(config);
        _executor = executor;
        _authorizer = authorizer;
        _services = services;
        _config = config.Subscriptions;
        _logger = logger;
        _stopping = services.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None;
    }

    /// <summary>
    /// Whether the client asked for an event stream (<c>Accept: text/event-stream</c>, with a q-value above 0). Runs on
    /// every request: an Accept header that does not mention it (nearly all of them) is not parsed.
    /// </summary>
    public static bool Requested(StringValues acceptHeader)
    {
        var mentioned = false;
        foreach (var value in acceptHeader)
        {
            mentioned |= value is not null && value.Contains(MediaType, StringComparison.OrdinalIgnoreCase);
        }
        return mentioned
            && MediaTypeHeaderValue.TryParseList(acceptHeader, out var list)
            && list.Any(m => m.MediaType.Equals(MediaType, StringComparison.OrdinalIgnoreCase) && (m.Quality ?? 1) > 0);
    }

    public async Task HandleAsync(HttpContext http, GraphQLRequest request, RequestContext context, bool allowMutation)
    {
        ArgumentNullException.ThrowIfNull(http);
        var token = http.RequestAborted;
        var prepared = _executor.Prepare(request);
        if (prepared.IsReady && prepared.Operation!.Operation == OperationType.Subscription)
        {
            await StreamSubscriptionAsync(http, prepared.RootFields[0], context, token).ConfigureAwait(false);
            return;
        }
        // a query or mutation (or a request that failed to prepare: the executor answers it with its status)
        using var result = await _executor.ExecuteAsync(request, context, allowMutation, token).ConfigureAwait(false);
        if (result.Outcome == ExecutionOutcome.MutationOverGet)
        {
            http.Response.Headers.Allow = "POST";
            await HttpResponseBody.WriteAsync(http, GraphQLStatusCodes.For(result.Outcome, GraphQLMediaTypes.GraphQLResponseJson),
                GraphQLMediaTypes.ContentTypeOf(GraphQLMediaTypes.Json), result.Body).ConfigureAwait(false);
            return;
        }
        // executed, or refused before execution: either way one next event (data, or the errors) and complete
        await WriteOneResultAsync(http, result.Body, token).ConfigureAwait(false);
    }

    /// <summary>An accepted stream with one <c>next</c> event carrying <paramref name="json"/>, then <c>complete</c>.</summary>
    private static async Task WriteOneResultAsync(HttpContext http, ReadOnlyMemory<byte> json, CancellationToken token)
    {
        StartStream(http);
        await WriteNextAsync(http.Response, json, token).ConfigureAwait(false);
        await http.Response.Body.WriteAsync(CompleteEvent, token).ConfigureAwait(false);
    }

    private async Task StreamSubscriptionAsync(HttpContext http, PlannedRootField root, RequestContext context, CancellationToken token)
    {
        var authorization = await _authorizer.AuthorizeSelectionAsync(root.Field, root.Selection, context, token).ConfigureAwait(false);
        if (authorization.Denial is { } denied)
        {
            await WriteOneResultAsync(http, Payload(denied), token).ConfigureAwait(false);
            return;
        }
        if (_services.GetService<ISubscriptionEventStream>() is not { } events)
        {
            await WriteOneResultAsync(http, Payload(ResponseJson.NoEventStream()), token).ConfigureAwait(false);
            return;
        }
        var selection = authorization.Selection;
        var id = "sse-" + context.CorrelationId;
        StartStream(http);
        await http.Response.Body.FlushAsync(token).ConfigureAwait(false);
        RuntimeLog.SubscriptionStarted(_logger, id, selection.FieldName);
        FraiseQLTelemetry.ActiveSubscriptions.Add(1);
        using var writes = new SemaphoreSlim(1, 1); // see WriteLockedAsync
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(token);
        var keepalive = _config.KeepaliveMs > 0 ? KeepaliveAsync(http.Response, writes, _config.KeepaliveMs, stop.Token) : Task.CompletedTask;
        // the stream ends when the caller's token expires, as a WebSocket connection does
        using var expired = new CancellationTokenSource();
        var expiry = context.ExpiresAt is { } expiresAt ? CancelOnExpiryAsync(expiresAt, expired, stop.Token) : Task.CompletedTask;
        // and when the server stops, without complete: until 2026-12-08 the stream stayed open for the whole shutdown
        // timeout (30 s by default), and was then reset
        using var streaming = CancellationTokenSource.CreateLinkedTokenSource(token, expired.Token, _stopping);
        try
        {
            await foreach (var value in events.SubscribeAsync(root.Field.Subscription!, selection, context, streaming.Token).ConfigureAwait(false))
            {
                await WriteLockedAsync(http.Response, writes, Payload(selection.ResponseName, value.Span), default, token).ConfigureAwait(false);
            }
            if (_stopping.IsCancellationRequested && !expired.IsCancellationRequested)
            {
                return; // the server is stopping: the response ends here, unfinished
            }
            if (expired.IsCancellationRequested && !token.IsCancellationRequested)
            {
                await TryWriteAsync(http.Response, writes, TokenExpired, token).ConfigureAwait(false); // the event source ended on the expiry
            }
            else
            {
                await WriteLockedAsync(http.Response, writes, null, CompleteEvent, token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // the client disconnected: nothing more to send
        }
        catch (OperationCanceledException) when (expired.IsCancellationRequested)
        {
            await TryWriteAsync(http.Response, writes, TokenExpired, token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // the server is stopping: the response ends here, unfinished
        }
        catch (GraphQLErrorException ex)
        {
            await TryWriteAsync(http.Response, writes, Payload(ex.Error), token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            RuntimeLog.SubscriptionFailed(_logger, ex, id);
            await TryWriteAsync(http.Response, writes, Payload(new GraphQLError($"Internal error in the subscription (correlation id {context.CorrelationId}).", "INTERNAL_SERVER_ERROR")), token).ConfigureAwait(false);
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await keepalive.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await expiry.ConfigureAwait(false);
            FraiseQLTelemetry.ActiveSubscriptions.Add(-1);
            RuntimeLog.SubscriptionEnded(_logger, id);
        }
    }

    /// <summary>The last event of a stream whose caller's token expired, before <c>complete</c>.</summary>
    private static readonly byte[] TokenExpired = Payload(new GraphQLError("Token expired: subscribe again with a new token.", "UNAUTHENTICATED"));

    /// <summary>Cancels <paramref name="expired"/> once the caller's credentials have expired, unless the stream ends first.</summary>
    private static async Task CancelOnExpiryAsync(DateTimeOffset expiresAt, CancellationTokenSource expired, CancellationToken streamEnded)
    {
        try
        {
            await CredentialExpiry.WaitAsync(expiresAt, streamEnded).ConfigureAwait(false);
            await expired.CancelAsync().ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // the stream ended first
        }
    }

    /// <summary>A failed stream's last events: its errors as a <c>next</c>, then <c>complete</c> (unless the client has gone).</summary>
    private static async Task TryWriteAsync(HttpResponse response, SemaphoreSlim writes, byte[] payload, CancellationToken token)
    {
        try
        {
            await WriteLockedAsync(response, writes, payload, CompleteEvent, token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
        }
    }

    private static async Task KeepaliveAsync(HttpResponse response, SemaphoreSlim writes, int intervalMs, CancellationToken token)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(intervalMs));
        while (await timer.WaitForNextTickAsync(token).ConfigureAwait(false))
        {
            await WriteLockedAsync(response, writes, null, KeepaliveComment, token).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Under the stream's lock (events and keepalive comments never interleave): a <c>next</c> event with
    /// <paramref name="next"/> when given, then <paramref name="tail"/> (the complete event, a keepalive comment) when
    /// not empty, then a flush, so the client gets them now.
    /// </summary>
    private static async Task WriteLockedAsync(HttpResponse response, SemaphoreSlim writes, byte[]? next, ReadOnlyMemory<byte> tail, CancellationToken token)
    {
        await writes.WaitAsync(token).ConfigureAwait(false);
        try
        {
            if (next is not null)
            {
                await WriteNextAsync(response, next, token).ConfigureAwait(false);
            }
            if (!tail.IsEmpty)
            {
                await response.Body.WriteAsync(tail, token).ConfigureAwait(false);
            }
            await response.Body.FlushAsync(token).ConfigureAwait(false);
        }
        finally
        {
            writes.Release();
        }
    }

    private static void StartStream(HttpContext http)
    {
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = MediaType + "; charset=utf-8";
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers["X-Accel-Buffering"] = "no"; // nginx: pass events on as they come
    }

    /// <summary><c>event: next\ndata: &lt;one line of JSON&gt;\n\n</c> (the JSON has no line breaks: it is compact).</summary>
    private static async Task WriteNextAsync(HttpResponse response, ReadOnlyMemory<byte> json, CancellationToken token)
    {
        await response.Body.WriteAsync(NextEventStart, token).ConfigureAwait(false);
        await response.Body.WriteAsync(json, token).ConfigureAwait(false);
        await response.Body.WriteAsync(EventEnd, token).ConfigureAwait(false);
    }

    /// <summary><c>{"data":{"&lt;response name&gt;":&lt;value&gt;}}</c>.</summary>
    private static byte[] Payload(string responseName, ReadOnlySpan<byte> value)
    {
        var buffer = new ArrayBufferWriter<byte>(value.Length + responseName.Length + 16);
        using (var w = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            ResponseJson.WriteSubscriptionEvent(w, responseName, value);
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static byte[] Payload(GraphQLError error) => ResponseJson.ErrorsOnly(error);
}
