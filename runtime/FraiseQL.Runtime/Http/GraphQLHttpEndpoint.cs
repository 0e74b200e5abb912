using FraiseQL.Execution;
using FraiseQL.GraphQL;
using FraiseQL.Hosting;
using FraiseQL.WebSockets;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FraiseQL.Http;

/// <summary>
/// GraphQL over HTTP at one path: POST (application/json body), GET (query string; queries only),
/// WebSocket upgrade (graphql-transport-ws, subscriptions), Server-Sent Events (<c>Accept: text/event-stream</c>,
/// graphql-sse: subscriptions without a WebSocket) and, in Development, GraphiQL for browsers.
/// Every malformed or over-limit request gets a spec-shaped JSON error body, never a stack trace.
/// </summary>
public sealed class GraphQLHttpEndpoint
{
    private readonly GraphQLExecutor _executor;
    private readonly IRequestContextFactory _contextFactory;
    private readonly GraphQLWebSocketHandler _webSockets;
    private readonly FraiseQLOptions _options;
    private readonly GraphQLCors _cors;
    private readonly GraphQLServerSentEvents _serverSentEvents;
    private readonly ILogger<GraphQLHttpEndpoint> _logger;
    private static readonly byte[] BatchOpen = "["u8.ToArray();
    private static readonly byte[] BatchSeparator = ","u8.ToArray();
    private static readonly byte[] BatchClose = "]"u8.ToArray();

    public GraphQLHttpEndpoint(
        GraphQLExecutor executor,
        IRequestContextFactory contextFactory,
        GraphQLWebSocketHandler webSockets,
        GraphQLServerSentEvents serverSentEvents,
        IOptions<FraiseQLOptions> options,
        FraiseQL.Configuration.FraiseQLConfig config,
        ILogger<GraphQLHttpEndpoint> logger)
    {
        _executor = executor;
        _contextFactory = contextFactory;
        _webSockets = webSockets;
        _serverSentEvents = serverSentEvents;
        _options = options.Value;
        _cors = new GraphQLCors(config.Server.Cors);
        _logger = logger;
    }

    public async Task HandleAsync(HttpContext http)
    {
        var correlationId = CorrelationId.For(http);
        using var scope = RuntimeLog.RequestScope(_logger, correlationId);
        try
        {
            var request = http.Request;
            if (http.WebSockets.IsWebSocketRequest)
            {
                await _webSockets.HandleAsync(http).ConfigureAwait(false);
                return;
            }
            if (_cors.Apply(http))
            {
                return;
            }
            var isGet = HttpMethods.IsGet(request.Method);
            var isPost = HttpMethods.IsPost(request.Method);
            if (!isGet && !isPost)
            {
                http.Response.Headers.Allow = "GET, POST";
                await WriteErrorAsync(http, StatusCodes.Status405MethodNotAllowed, GraphQLMediaTypes.Json,
                    new GraphQLError($"Method {request.Method} is not allowed: use GET (queries) or POST.", "METHOD_NOT_ALLOWED")).ConfigureAwait(false);
                return;
            }
            if (isGet && request.Query.ContainsKey("sdl") && !request.Query.ContainsKey("query"))
            {
                await WriteSdlAsync(http).ConfigureAwait(false);
                return;
            }
            if (isGet && _options.EnableGraphiQL && !request.Query.ContainsKey("query") && GraphQLMediaTypes.AcceptsHtml(request.Headers.Accept))
            {
                http.Response.StatusCode = StatusCodes.Status200OK;
                http.Response.ContentType = "text/html; charset=utf-8";
                await http.Response.Body.WriteAsync(GraphiQLPage.Render(request.PathBase + request.Path), http.RequestAborted).ConfigureAwait(false);
                return;
            }
            var eventStream = GraphQLServerSentEvents.Requested(request.Headers.Accept);
            var mediaType = GraphQLMediaTypes.Negotiate(request.Headers.Accept) ?? (eventStream ? GraphQLMediaTypes.Json : null);
            if (mediaType is null)
            {
                await WriteErrorAsync(http, StatusCodes.Status406NotAcceptable, GraphQLMediaTypes.Json,
                    new GraphQLError("Not acceptable: the Accept header must allow application/graphql-response+json or application/json.", "NOT_ACCEPTABLE")).ConfigureAwait(false);
                return;
            }
            var limits = _executor.Limits;
            var read = isGet
                ? GraphQLHttpRequestReader.FromQueryString(request.Query)
                : await GraphQLHttpRequestReader.FromBodyAsync(request,
                    ((long)limits.MaxDocumentBytes + limits.MaxVariablesBytes + 16 * 1024) * Math.Max(1, limits.MaxBatchSize), http.RequestAborted).ConfigureAwait(false);
            if (read.Request is null)
            {
                await WriteErrorAsync(http, read.Status, mediaType, new GraphQLError(read.Error!, read.Status switch
                {
                    StatusCodes.Status413PayloadTooLarge => "PAYLOAD_TOO_LARGE",
                    StatusCodes.Status415UnsupportedMediaType => "UNSUPPORTED_MEDIA_TYPE",
                    _ => "BAD_REQUEST",
                })).ConfigureAwait(false);
                return;
            }
            var context = _contextFactory.Create(http);
            ExecutionResult result;
            using (read.Lease)
            {
                if (read.Batch is { } batch)
                {
                    await ExecuteBatchAsync(http, batch, context, mediaType).ConfigureAwait(false);
                    return;
                }
                if (eventStream)
                {
                    await _serverSentEvents.HandleAsync(http, read.Request, context, allowMutation: isPost).ConfigureAwait(false);
                    return;
                }
                result = await _executor.ExecuteAsync(read.Request, context, allowMutation: isPost, http.RequestAborted).ConfigureAwait(false);
            }
            if (result.Outcome is ExecutionOutcome.MutationOverGet or ExecutionOutcome.SubscriptionOverHttp)
            {
                http.Response.Headers.Allow = result.Outcome == ExecutionOutcome.MutationOverGet ? "POST" : "GET, POST";
            }
            using (result)
            {
                await HttpResponseBody.WriteAsync(http, GraphQLStatusCodes.For(result.Outcome, mediaType), GraphQLMediaTypes.ContentTypeOf(mediaType), result.Body).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // client went away: nothing to answer
        }
        catch (BadHttpRequestException ex) when (!http.Response.HasStarted)
        {
            await WriteErrorAsync(http, ex.StatusCode, GraphQLMediaTypes.Json, new GraphQLError($"Bad request: {ex.Message}", "BAD_REQUEST")).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && !http.Response.HasStarted)
        {
            RuntimeLog.FieldFailed(_logger, ex, "(http)");
            await WriteErrorAsync(http, StatusCodes.Status500InternalServerError, GraphQLMediaTypes.Json,
                new GraphQLError($"Internal server error (correlation id {correlationId}).", "INTERNAL_SERVER_ERROR")).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A batched POST (<c>[server] max_batch_size</c> &gt; 0): its operations run one after the other, in order, each
    /// with every limit of its own, and the response is the JSON array of their responses (200: each item says how
    /// its operation went).
    /// </summary>
    private async Task ExecuteBatchAsync(HttpContext http, IReadOnlyList<GraphQLRequest> batch, RequestContext context, string mediaType)
    {
        var max = _executor.Limits.MaxBatchSize;
        if (max == 0 || batch.Count > max)
        {
            await WriteErrorAsync(http, StatusCodes.Status400BadRequest, mediaType, max == 0
                ? new GraphQLError("Batched requests (a JSON array) are not enabled here: send one request object, or set [server] max_batch_size.", "BATCHING_NOT_ENABLED")
                : new GraphQLError($"The batch has {batch.Count} operations, more than the maximum of {max} ([server] max_batch_size).", "BATCH_TOO_LARGE")).ConfigureAwait(false);
            return;
        }
        var results = new List<ExecutionResult>(batch.Count);
        try
        {
            var length = 1L + batch.Count;
            foreach (var request in batch)
            {
                var result = await _executor.ExecuteAsync(request, context, allowMutation: true, http.RequestAborted).ConfigureAwait(false);
                results.Add(result);
                length += result.Body.Length;
            }
            http.Response.StatusCode = StatusCodes.Status200OK;
            http.Response.ContentType = GraphQLMediaTypes.ContentTypeOf(mediaType);
            http.Response.ContentLength = length;
            for (var i = 0; i < results.Count; i++)
            {
                await http.Response.Body.WriteAsync(i == 0 ? BatchOpen : BatchSeparator, http.RequestAborted).ConfigureAwait(false);
                await http.Response.Body.WriteAsync(results[i].Body, http.RequestAborted).ConfigureAwait(false);
            }
            await http.Response.Body.WriteAsync(BatchClose, http.RequestAborted).ConfigureAwait(false);
        }
        finally
        {
            foreach (var result in results)
            {
                result.Dispose();
            }
        }
    }

    /// <summary>
    /// <c>GET /graphql?sdl</c> (as Hot Chocolate serves it): the schema as SDL, showing what introspection shows this
    /// caller, as <c>text/plain</c>; 403 with INTROSPECTION_DISABLED when introspection is refused to it.
    /// </summary>
    private async Task WriteSdlAsync(HttpContext http)
    {
        var sdl = _executor.SdlFor(_contextFactory.Create(http));
        if (sdl is null)
        {
            await WriteErrorAsync(http, StatusCodes.Status403Forbidden, GraphQLMediaTypes.Json,
                new GraphQLError("The schema is not available to this caller: introspection is not open to it ([server] introspection, introspection_roles).", IntrospectionAccess.DisabledCode)).ConfigureAwait(false);
            return;
        }
        await HttpResponseBody.WriteAsync(http, StatusCodes.Status200OK, "text/plain; charset=utf-8", System.Text.Encoding.UTF8.GetBytes(sdl)).ConfigureAwait(false);
    }

    private static ValueTask WriteErrorAsync(HttpContext http, int status, string mediaType, GraphQLError error) =>
        HttpResponseBody.WriteErrorAsync(http.Response, status, mediaType, error, http.RequestAborted);
}
