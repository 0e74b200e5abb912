namespace FraiseQL.Configuration;

/// <summary>[auth] — JWT validation settings (consumed by the security subsystem).</summary>
public sealed class AuthConfig
{
    public string? Issuer { get; init; }
    public string? Audience { get; init; }
    public string? JwksUri { get; init; }
    public IReadOnlyList<string> AllowedAlgorithms { get; init; } = ["RS256"];
    public int ClockSkewSecs { get; init; } = 60;
    public bool Required { get; init; }
    /// <summary>[[auth.signing_keys]]: static keys, for tests and offline setups.</summary>
    public IReadOnlyList<SigningKeyConfig> SigningKeys { get; init; } = [];
    public int RefreshIntervalS { get; init; } = 300;
    /// <summary>Allow http:// OIDC metadata (development only).</summary>
    public bool AllowInsecureMetadata { get; init; }
}

/// <summary>[[auth.signing_keys]]: exactly one of <see cref="KeyBase64"/> (HMAC secret) or <see cref="PublicKeyPemFile"/>.</summary>
public sealed class SigningKeyConfig
{
    public string? Kid { get; init; }
    public string? KeyBase64 { get; init; }
    public string? PublicKeyPemFile { get; init; }
}
