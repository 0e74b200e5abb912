using FraiseQL.Runtime.Security.Configuration;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FraiseQL.Runtime.Security.Authentication;

/// <summary>
/// Mints HS256 tokens with the first HMAC key of <c>[[auth.signing_keys]]</c> — for the demo, local development and
/// tests (the <c>fraiseql-token</c> tool). Production tokens come from your identity provider.
/// </summary>
public static class DevelopmentTokenIssuer
{
    public static string Mint(
        JwtAuthOptions auth,
        string subject,
        IReadOnlyList<string> roles,
        string? tenant = null,
        IReadOnlyList<string>? scopes = null,
        TimeSpan? lifetime = null,
        string rolesClaim = "roles",
        string tenantClaim = "tenant_id")
    {
        ArgumentNullException.ThrowIfNull(auth);
        var key = auth.SigningKeys.FirstOrDefault(k => k.KeyBase64 is not null)
            ?? throw new SecurityConfigurationException("[auth] has no [[auth.signing_keys]] entry with key_base64 (an HMAC secret) to mint development tokens with");
        var now = DateTime.UtcNow;
        var claims = new Dictionary<string, object> { ["sub"] = subject, [rolesClaim] = roles.ToArray() };
        if (tenant is not null)
        {
            claims[tenantClaim] = tenant;
        }
        if (scopes is { Count: > 0 })
        {
            claims["scope"] = string.Join(' ', scopes);
        }
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = auth.Issuer,
            Audience = auth.Audiences.FirstOrDefault(),
            IssuedAt = now,
            NotBefore = now,
            Expires = now + (lifetime ?? TimeSpan.FromHours(1)),
            Claims = claims,
            SigningCredentials = new SigningCredentials(
                new SymmetricSecurityKey(Convert.FromBase64String(key.KeyBase64!)) { KeyId = key.KeyId }, SecurityAlgorithms.HmacSha256),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }
}
