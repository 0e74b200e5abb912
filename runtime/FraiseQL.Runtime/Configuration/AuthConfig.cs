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
    /// <summary>Static signing keys (PEM text or file paths), for tests and offline setups.</summary>
    public IReadOnlyList<string> SigningKeys { get; init; } = [];
    public int RefreshIntervalS { get; init; } = 300;
}
