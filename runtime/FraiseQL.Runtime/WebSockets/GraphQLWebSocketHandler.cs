using System.Net.WebSockets;
using FraiseQL.Configuration;
using FraiseQL.Events;
using FraiseQL.GraphQL;
using FraiseQL.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FraiseQL.WebSockets;

/// <summary>
/// Accepts WebSocket upgrades on the GraphQL path for the <c>graphql-transport-ws</c> subprotocol and
/// runs one <see cref="GraphQLWebSocketSession"/> per connection.
/// </summary>
public sealed class GraphQLWebSocketHandler
{
    public const string SubProtocol = "graphql-transport-ws";

    private readonly GraphQLExecutor _executor;
    private readonly IRequestContextFactory _contextFactory;
    private readonly IFieldAuthorizer _authorizer;
    private readonly IWebSocketConnectionInitializer _initializer;
    private readonly IServiceProvider _services;
    private readonly FraiseQLConfig _config;
    private readonly ILogger<GraphQLWebSocketHandler> _logger;
    private readonly CancellationToken _stopping;

    public GraphQLWebSocketHandler(
        GraphQLExecutor executor,
        IRequestContextFactory contextFactory,
        IFieldAuthorizer authorizer,
        IWebSocketConnectionInitializer initializer,
        IServiceProvider services,
        FraiseQLConfig config,
        ILogger<GraphQLWebSocketHandler> logger)
    {
        _executor = executor;
        _contextFactory = contextFactory;
        _authorizer = authorizer;
        _initializer = initializer;
        _services = services;
        _config = config;
        _logger = logger;
        _stopping = services.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None;
    }

    /// <summary>
    /// The subprotocol, and WebSocket ping frames every <c>[subscriptions] keepalive_ms</c> that the client must answer
    /// within as long again, or the connection is aborted (its subscriptions end). Every WebSocket stack answers pings by
    /// itself; a client that answers none has hung or lost its network without a FIN, and until 2026-12-08 its
    /// connection, and the NATS subscription behind it, stayed for as long as the server ran (the protocol's own
    /// <c>ping</c> messages were sent but their <c>pong</c> never awaited).
    /// </summary>
    internal static WebSocketAcceptContext AcceptContext(SubscriptionsConfig config)
    {
        var context = new WebSocketAcceptContext { SubProtocol = SubProtocol };
        if (config.KeepaliveMs > 0)
        {
            context.KeepAliveInterval = TimeSpan.FromMilliseconds(config.KeepaliveMs);
            context.KeepAliveTimeout = TimeSpan.FromMilliseconds(config.KeepaliveMs);
        }
        return context;
    }

    public async Task HandleAsync(HttpContext http)
    {
        if (!http.WebSockets.WebSocketRequestedProtocols.Contains(SubProtocol, StringComparer.Ordinal))
        {
            await HttpResponseBody.WriteErrorAsync(http.Response, StatusCodes.Status400BadRequest, GraphQLMediaTypes.Json, new Execution.GraphQLError(
                $"WebSocket connections must request the \"{SubProtocol}\" subprotocol (Sec-WebSocket-Protocol).", "BAD_REQUEST"), http.RequestAborted).ConfigureAwait(false);
            return;
        }
        using var socket = await http.WebSockets.AcceptWebSocketAsync(AcceptContext(_config.Subscriptions)).ConfigureAwait(false);
        var context = _contextFactory.Create(http);
        var session = new GraphQLWebSocketSession(
            socket,
            _executor,
            _authorizer,
            _initializer,
            http,
            _services.GetService<ISubscriptionEventStream>(),
            context,
            _config.Subscriptions,
            _stopping,
            _logger);
        await session.RunAsync(http.RequestAborted).ConfigureAwait(false);
    }
}
