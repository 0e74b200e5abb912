using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FraiseQL.Integration.Tests.Security;

/// <summary>Mints signed JWTs for tests: RSA keys (published through a JWKS) and HMAC secrets.</summary>
internal static class TestTokenIssuer
{
    public const string Issuer = "https://issuer.test";
    public const string Audience = "order-service";

    public static RsaSecurityKey NewRsaKey(string kid) => new(RSA.Create(2048)) { KeyId = kid };

    public static string Mint(
        SecurityKey key,
        string subject = "alice",
        IReadOnlyDictionary<string, object>? claims = null,
        string issuer = Issuer,
        string audience = Audience,
        DateTime? expires = null,
        DateTime? notBefore = null)
    {
        var now = DateTime.UtcNow;
        var payload = new Dictionary<string, object> { ["sub"] = subject };
        foreach (var (name, value) in claims ?? new Dictionary<string, object>())
        {
            payload[name] = value;
        }
        var algorithm = key is SymmetricSecurityKey ? SecurityAlgorithms.HmacSha256 : SecurityAlgorithms.RsaSha256;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = (notBefore ?? now.AddMinutes(-1)),
            NotBefore = notBefore ?? now.AddMinutes(-1),
            Expires = expires ?? now.AddMinutes(10),
            Claims = payload,
            SigningCredentials = new SigningCredentials(key, algorithm),
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    /// <summary>{"keys":[…]} with the public parts of the given RSA keys.</summary>
    public static string Jwks(params RsaSecurityKey[] keys)
    {
        var entries = keys.Select(k =>
        {
            var p = k.Rsa.ExportParameters(false);
            return $"{{\"kty\":\"RSA\",\"use\":\"sig\",\"alg\":\"RS256\",\"kid\":\"{k.KeyId}\",\"n\":\"{Base64UrlEncoder.Encode(p.Modulus)}\",\"e\":\"{Base64UrlEncoder.Encode(p.Exponent)}\"}}";
        });
        return "{\"keys\":[" + string.Join(',', entries) + "]}";
    }
}
