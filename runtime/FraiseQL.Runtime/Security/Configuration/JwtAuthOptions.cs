namespace FraiseQL.Runtime.Security.Configuration;

/// <summary>fraiseql.toml <c>[auth]</c>: how bearer tokens are validated.</summary>
public sealed class JwtAuthOptions
{
    /// <summary>Expected <c>iss</c>; also the OIDC discovery base when <see cref="JwksUri"/> is absent.</summary>
    public string? Issuer { get; init; }

    /// <summary>Accepted <c>aud</c> values (empty = audience not checked).</summary>
    public IReadOnlyList<string> Audiences { get; init; } = [];

    /// <summary>JWKS document URL, fetched at start and refreshed every <see cref="RefreshInterval"/>.</summary>
    public string? JwksUri { get; init; }

    /// <summary>Accepted <c>alg</c> values, e.g. RS256, ES256, HS256. Empty = any the key supports.</summary>
    public IReadOnlyList<string> AllowedAlgorithms { get; init; } = [];

    public TimeSpan ClockSkew { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>When true, every GraphQL request needs a valid token.</summary>
    public bool Required { get; init; } = true;

    /// <summary>Keys configured inline (HMAC) or by PEM file (RSA/EC public keys).</summary>
    public IReadOnlyList<SigningKeyOptions> SigningKeys { get; init; } = [];

    /// <summary>How often JWKS / discovery documents and PEM files are re-read (key rotation).</summary>
    public TimeSpan RefreshInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Allow http:// metadata and JWKS addresses (local development and tests only).</summary>
    public bool AllowInsecureMetadata { get; init; }
}
