using Microsoft.IdentityModel.Tokens;

namespace FraiseQL.Runtime.Security.Authentication;

/// <summary>Turns token validation failures into messages a caller can act on (never echoing the token).</summary>
public static class AuthenticationFailureMessages
{
    public const string MissingToken = "Authentication required: send 'Authorization: Bearer <token>'.";

    /// <summary>(message for the GraphQL error, RFC 6750 error_description).</summary>
    public static string Describe(Exception? failure) => failure switch
    {
        null => MissingToken,
        SecurityTokenExpiredException expired => $"The bearer token expired at {expired.Expires:O}; obtain a new token.",
        SecurityTokenNotYetValidException early => $"The bearer token is not valid before {early.NotBefore:O}.",
        SecurityTokenNoExpirationException => "The bearer token has no expiry (exp); tokens must expire.",
        SecurityTokenInvalidIssuerException issuer => $"The bearer token's issuer '{issuer.InvalidIssuer}' is not accepted by this service.",
        SecurityTokenInvalidAudienceException audience => $"The bearer token's audience '{audience.InvalidAudience}' is not accepted by this service.",
        SecurityTokenSignatureKeyNotFoundException => "The bearer token's signing key is not known to this service (unknown kid or issuer keys).",
        SecurityTokenInvalidSignatureException => "The bearer token's signature is invalid.",
        SecurityTokenInvalidAlgorithmException algorithm => $"The bearer token's algorithm '{algorithm.InvalidAlgorithm}' is not allowed by [auth] allowed_algorithms.",
        SecurityTokenMalformedException => "The bearer token is malformed (expected a JWT: header.payload.signature).",
        AggregateException aggregate when aggregate.InnerExceptions.Count > 0 => Describe(aggregate.InnerExceptions[0]),
        _ => "The bearer token is invalid.",
    };
}
