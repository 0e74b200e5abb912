using System.Text.Json;
using FraiseQL.Execution;
using Microsoft.AspNetCore.Http;

namespace FraiseQL.WebSockets;

/// <summary>
/// Seam called on <c>connection_init</c> with its payload (e.g. <c>{"Authorization":"Bearer …"}</c>): returns
/// the <see cref="RequestContext"/> every operation of the connection runs with, or an error, which closes
/// the socket with 4403 Forbidden. The default keeps the context built from the upgrade request.
/// The security subsystem replaces it to authenticate WebSocket clients.
/// </summary>
public interface IWebSocketConnectionInitializer
{
    ValueTask<WebSocketInitResult> InitializeAsync(HttpContext httpContext, JsonElement? payload, RequestContext context, CancellationToken cancellationToken);
}

/// <summary>Outcome of <see cref="IWebSocketConnectionInitializer.InitializeAsync"/>: a context, or an error.</summary>
public readonly record struct WebSocketInitResult(RequestContext? Context, GraphQLError? Error)
{
    public static WebSocketInitResult Accept(RequestContext context) => new(context, null);

    public static WebSocketInitResult Reject(GraphQLError error) => new(null, error);
}

/// <summary>Default <see cref="IWebSocketConnectionInitializer"/>: keeps the upgrade request's context.</summary>
public sealed class PassThroughWebSocketConnectionInitializer : IWebSocketConnectionInitializer
{
    public ValueTask<WebSocketInitResult> InitializeAsync(HttpContext httpContext, JsonElement? payload, RequestContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(WebSocketInitResult.Accept(context));
}
