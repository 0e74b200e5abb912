namespace FraiseQL.Runtime.Security.Configuration;

/// <summary>One <c>[[auth.signing_keys]]</c> entry: an HMAC secret or a public key PEM file.</summary>
public sealed class SigningKeyOptions
{
    /// <summary>Key id matched against the token's <c>kid</c> header (optional).</summary>
    public string? KeyId { get; init; }

    /// <summary>Base64 HMAC secret (HS256/384/512); at least 32 bytes.</summary>
    public string? KeyBase64 { get; init; }

    /// <summary>Path of a PEM file holding an RSA or EC public key; re-read when it changes.</summary>
    public string? PublicKeyPemFile { get; init; }
}
