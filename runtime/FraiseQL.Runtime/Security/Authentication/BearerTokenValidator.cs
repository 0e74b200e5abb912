using System.Security.Claims;
using FraiseQL.Execution;
using FraiseQL.Runtime.Security.Configuration;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FraiseQL.Runtime.Security.Authentication;

/// <summary>
/// Validates a bearer token outside the HTTP pipeline with exactly the JwtBearer settings of
/// <see cref="FraiseQLAuthenticationExtensions.AddFraiseQLAuthentication"/> (same keys, JWKS refresh, issuer,
/// audience, lifetime) — for the WebSocket <c>connection_init</c> payload (<c>{"Authorization":"Bearer …"}</c>).
/// </summary>
public sealed class BearerTokenValidator(IOptionsMonitor<JwtBearerOptions> bearerOptions, FraiseQLSecurityOptions options)
{
    private static readonly ClaimsPrincipal Anonymous = new(new ClaimsIdentity());

    /// <summary>The caller's principal (anonymous when allowed and no token), or an UNAUTHENTICATED error.</summary>
    public async ValueTask<(ClaimsPrincipal? Principal, GraphQLError? Error)> ValidateAsync(string? token, CancellationToken cancellationToken)
    {
        if (options.Auth is null)
        {
            return (Anonymous, null);
        }
        if (token is not null && token.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            token = token[7..].Trim();
        }
        if (string.IsNullOrEmpty(token))
        {
            return options.AllowAnonymous
                ? (Anonymous, null)
                : (null, new GraphQLError(AuthenticationFailureMessages.MissingToken, "UNAUTHENTICATED"));
        }
        var bearer = bearerOptions.Get(FraiseQLAuthenticationExtensions.Scheme);
        var parameters = bearer.TokenValidationParameters.Clone();
        if (bearer.ConfigurationManager is { } manager)
        {
            var configuration = await manager.GetConfigurationAsync(cancellationToken).ConfigureAwait(false);
            parameters.IssuerSigningKeys = (parameters.IssuerSigningKeys ?? []).Concat(configuration.SigningKeys).ToList();
        }
        var handler = new JsonWebTokenHandler { MapInboundClaims = false };
        var result = await handler.ValidateTokenAsync(token, parameters).ConfigureAwait(false);
        if (result.IsValid)
        {
            return (new ClaimsPrincipal(result.ClaimsIdentity), null);
        }
        if (result.Exception is SecurityTokenSignatureKeyNotFoundException)
        {
            bearer.ConfigurationManager?.RequestRefresh(); // a rotated key: the next attempt sees the new JWKS
        }
        return (null, new GraphQLError(AuthenticationFailureMessages.Describe(result.Exception), "UNAUTHENTICATED"));
    }
}
