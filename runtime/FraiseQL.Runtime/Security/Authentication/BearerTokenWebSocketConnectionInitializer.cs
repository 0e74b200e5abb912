using System.Text.Json;
using FraiseQL.Execution;
using FraiseQL.Runtime.Security.Configuration;
using FraiseQL.Runtime.Security.Identity;
using FraiseQL.WebSockets;
using Microsoft.AspNetCore.Http;

namespace FraiseQL.Runtime.Security.Authentication;

/// <summary>
/// Authenticates a WebSocket connection from its <c>connection_init</c> payload, where graphql-ws clients put their
/// <c>connectionParams</c> (browsers cannot set headers on a WebSocket): a bearer token under <c>Authorization</c>
/// (any letter case) or <c>headers.Authorization</c>, validated by <see cref="BearerTokenValidator"/> with exactly the
/// HTTP settings. A valid token gives the connection its <see cref="RequestContext"/> (roles, scopes, tenant, claims);
/// an invalid or expired one closes the socket with 4403 and the reason. Without a token in the payload the upgrade
/// request's own context stands (its <c>Authorization</c> header, or anonymous where <c>[security] anonymous</c>
/// allows it; otherwise the connection is refused the same way).
/// </summary>
public sealed class BearerTokenWebSocketConnectionInitializer(BearerTokenValidator validator, FraiseQLSecurityOptions options) : IWebSocketConnectionInitializer
{
    public const string MissingToken = "Authentication required: send the bearer token in connection_init, e.g. {\"Authorization\":\"Bearer <token>\"}.";

    public async ValueTask<WebSocketInitResult> InitializeAsync(HttpContext httpContext, JsonElement? payload, RequestContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        ArgumentNullException.ThrowIfNull(context);
        if (options.Auth is null)
        {
            return WebSocketInitResult.Accept(context);
        }
        var token = TokenOf(payload);
        if (token is null)
        {
            return httpContext.User.Identity?.IsAuthenticated == true || options.AllowAnonymous
                ? WebSocketInitResult.Accept(context)
                : WebSocketInitResult.Reject(new GraphQLError(MissingToken, "UNAUTHENTICATED"));
        }
        var (principal, error) = await validator.ValidateAsync(token, cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            return WebSocketInitResult.Reject(error);
        }
        return WebSocketInitResult.Accept(ClaimsIdentityMapper.ToRequestContext(principal, context.CorrelationId, context.TraceParent, context.AuditTags, options));
    }

    /// <summary>The token of <c>{"Authorization": …}</c> or <c>{"headers": {"Authorization": …}}</c>, any letter case; null without one.</summary>
    internal static string? TokenOf(JsonElement? payload)
    {
        if (payload is not { ValueKind: JsonValueKind.Object } init)
        {
            return null;
        }
        if (AuthorizationOf(init) is { } direct)
        {
            return direct;
        }
        foreach (var property in init.EnumerateObject())
        {
            if (property.Name.Equals("headers", StringComparison.OrdinalIgnoreCase) && property.Value.ValueKind == JsonValueKind.Object)
            {
                return AuthorizationOf(property.Value);
            }
        }
        return null;
    }

    private static string? AuthorizationOf(JsonElement map)
    {
        foreach (var property in map.EnumerateObject())
        {
            if (property.Name.Equals("Authorization", StringComparison.OrdinalIgnoreCase) && property.Value.ValueKind == JsonValueKind.String
                && property.Value.GetString() is { Length: > 0 } value)
            {
                return value;
            }
        }
        return null;
    }
}
