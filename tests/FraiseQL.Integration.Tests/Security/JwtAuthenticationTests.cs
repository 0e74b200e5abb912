using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using FraiseQL.Runtime.Security.Authentication;
using FraiseQL.Runtime.Security.Configuration;
using FraiseQL.Runtime.Security.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;

namespace FraiseQL.Integration.Tests.Security;

/// <summary>
/// Real Kestrel servers on 127.0.0.1: an identity provider serving JWKS / OIDC discovery, and a service using
/// <see cref="FraiseQLAuthenticationExtensions"/>, called over HTTP with minted tokens.
/// </summary>
public sealed class JwtAuthenticationTests : IAsyncLifetime
{
    private readonly RsaSecurityKey _key1 = TestTokenIssuer.NewRsaKey("key-1");
    private readonly RsaSecurityKey _key2 = TestTokenIssuer.NewRsaKey("key-2");
    private volatile string _jwks = "";
    private WebApplication? _identityProvider;
    private string _idpUrl = "";
    private readonly List<WebApplication> _services = [];
    private readonly HttpClient _http = new();

    public async Task InitializeAsync()
    {
        _jwks = TestTokenIssuer.Jwks(_key1);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        _identityProvider = builder.Build();
        _identityProvider.MapGet("/jwks", () => Results.Text(_jwks, "application/json"));
        _identityProvider.MapGet("/.well-known/openid-configuration", () => Results.Text(
            $"{{\"issuer\":\"{_idpUrl}\",\"jwks_uri\":\"{_idpUrl}/jwks\",\"id_token_signing_alg_values_supported\":[\"RS256\"]}}", "application/json"));
        await _identityProvider.StartAsync();
        _idpUrl = AddressOf(_identityProvider);
    }

    public async Task DisposeAsync()
    {
        foreach (var service in _services)
        {
            await service.DisposeAsync();
        }
        if (_identityProvider is not null)
        {
            await _identityProvider.DisposeAsync();
        }
        _http.Dispose();
    }

    private static string AddressOf(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    /// <summary>Starts a service whose /graphql echoes the mapped identity.</summary>
    private async Task<string> StartServiceAsync(FraiseQLSecurityOptions options) => AddressOf(await StartServiceAppAsync(options));

    private async Task<WebApplication> StartServiceAppAsync(FraiseQLSecurityOptions options)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Services.AddFraiseQLAuthentication(options);
        var app = builder.Build();
        app.UseFraiseQLAuthentication();
        app.MapPost("/graphql", (HttpContext context) =>
        {
            var rc = ClaimsIdentityMapper.ToRequestContext(context.User, "corr", null, null, options);
            var body = $"{{\"data\":{{\"principal\":{JsonSerializerQuote(rc.Principal)},\"roles\":\"{string.Join(',', rc.Roles)}\",\"tenant\":{JsonSerializerQuote(rc.TenantId)}}}}}";
            return Results.Text(body, "application/json");
        });
        app.MapGet("/health/live", () => "ok");
        await app.StartAsync();
        _services.Add(app);
        return app;
    }

    private static string JsonSerializerQuote(string? value) => value is null ? "null" : "\"" + value + "\"";

    private FraiseQLSecurityOptions JwksOptions(bool anonymous = false) => new()
    {
        Auth = new JwtAuthOptions
        {
            Issuer = TestTokenIssuer.Issuer,
            Audiences = [TestTokenIssuer.Audience],
            JwksUri = _idpUrl + "/jwks",
            AllowedAlgorithms = ["RS256"],
            ClockSkew = TimeSpan.Zero,
            RefreshInterval = TimeSpan.FromSeconds(1),
            AllowInsecureMetadata = true,
        },
        AllowAnonymous = anonymous,
        DefaultRole = "viewer",
    };

    private async Task<(HttpStatusCode Status, JsonElement Body, HttpResponseHeaders Headers)> PostAsync(string baseUrl, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, baseUrl + "/graphql") { Content = new StringContent("{\"query\":\"{__typename}\"}", Encoding.UTF8, "application/json") };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        using var doc = JsonDocument.Parse(text);
        return (response.StatusCode, doc.RootElement.Clone(), response.Headers);
    }

    private static void AssertUnauthenticated((HttpStatusCode Status, JsonElement Body, HttpResponseHeaders Headers) response, string messagePart)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        var error = response.Body.GetProperty("errors")[0];
        Assert.Equal("UNAUTHENTICATED", error.GetProperty("extensions").GetProperty("code").GetString());
        Assert.Contains(messagePart, error.GetProperty("message").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Valid_rsa_token_from_jwks_is_accepted_and_mapped()
    {
        var service = await StartServiceAsync(JwksOptions());
        var token = TestTokenIssuer.Mint(_key1, claims: new Dictionary<string, object> { ["roles"] = new[] { "admin" }, ["tenant_id"] = "t-1" });
        var response = await PostAsync(service, token);
        Assert.Equal(HttpStatusCode.OK, response.Status);
        var data = response.Body.GetProperty("data");
        Assert.Equal("alice", data.GetProperty("principal").GetString());
        Assert.Equal("admin,viewer", data.GetProperty("roles").GetString());
        Assert.Equal("t-1", data.GetProperty("tenant").GetString());
    }

    [Fact]
    public async Task Missing_token_is_401_with_graphql_error_and_challenge()
    {
        var service = await StartServiceAsync(JwksOptions());
        var response = await PostAsync(service, null);
        AssertUnauthenticated(response, "Authorization: Bearer");
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
        using var health = await _http.GetAsync(service + "/health/live");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Theory]
    [InlineData(null, "application/json")]
    [InlineData("application/graphql-response+json", "application/graphql-response+json")]
    [InlineData("application/json", "application/json")]
    [InlineData("application/graphql-response+json, application/json;q=0.9", "application/graphql-response+json")]
    public async Task The_401_body_is_in_the_media_type_the_Accept_header_negotiates(string? accept, string expected)
    {
        var service = await StartServiceAsync(JwksOptions());
        using var request = new HttpRequestMessage(HttpMethod.Post, service + "/graphql") { Content = new StringContent("{\"query\":\"{__typename}\"}", Encoding.UTF8, "application/json") };
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }
        using var response = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(expected, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(Encoding.UTF8.GetByteCount(text), response.Content.Headers.ContentLength);
        using var body = JsonDocument.Parse(text);
        Assert.Equal("UNAUTHENTICATED", body.RootElement.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Expired_token_is_rejected()
    {
        var service = await StartServiceAsync(JwksOptions());
        var token = TestTokenIssuer.Mint(_key1, notBefore: DateTime.UtcNow.AddHours(-2), expires: DateTime.UtcNow.AddHours(-1));
        var response = await PostAsync(service, token);
        AssertUnauthenticated(response, "expired");
        Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_issuer_is_rejected()
    {
        var service = await StartServiceAsync(JwksOptions());
        AssertUnauthenticated(await PostAsync(service, TestTokenIssuer.Mint(_key1, issuer: "https://evil.test")), "issuer 'https://evil.test'");
    }

    [Fact]
    public async Task Wrong_audience_is_rejected()
    {
        var service = await StartServiceAsync(JwksOptions());
        AssertUnauthenticated(await PostAsync(service, TestTokenIssuer.Mint(_key1, audience: "billing")), "audience 'billing'");
    }

    [Fact]
    public async Task Bad_signature_is_rejected()
    {
        var service = await StartServiceAsync(JwksOptions());
        var impostor = TestTokenIssuer.NewRsaKey("key-1"); // same kid, different key
        AssertUnauthenticated(await PostAsync(service, TestTokenIssuer.Mint(impostor)), "signature");
        var valid = TestTokenIssuer.Mint(_key1);
        var tampered = valid[..(valid.LastIndexOf('.') + 1)] + Base64UrlEncoder.Encode(new byte[256]);
        AssertUnauthenticated(await PostAsync(service, tampered), "signature");
        AssertUnauthenticated(await PostAsync(service, "not-a-jwt"), "malformed");
    }

    [Fact]
    public async Task Disallowed_algorithm_is_rejected()
    {
        var service = await StartServiceAsync(JwksOptions());
        var hmac = new SymmetricSecurityKey(new byte[32]) { KeyId = "key-1" };
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(service, TestTokenIssuer.Mint(hmac))).Status);
    }

    [Fact]
    public async Task Anonymous_access_when_configured_but_bad_tokens_still_fail()
    {
        var service = await StartServiceAsync(JwksOptions(anonymous: true));
        var anonymous = await PostAsync(service, null);
        Assert.Equal(HttpStatusCode.OK, anonymous.Status);
        Assert.Equal(JsonValueKind.Null, anonymous.Body.GetProperty("data").GetProperty("principal").ValueKind);
        Assert.Equal("viewer", anonymous.Body.GetProperty("data").GetProperty("roles").GetString());
        AssertUnauthenticated(await PostAsync(service, TestTokenIssuer.Mint(_key1, audience: "billing")), "audience");
    }

    [Fact]
    public async Task Configured_hmac_keys_validate_without_any_metadata()
    {
        var secret = new byte[48];
        Random.Shared.NextBytes(secret);
        var service = await StartServiceAsync(SecurityOptionsReader.FromToml($"""
            [auth]
            issuer = "{TestTokenIssuer.Issuer}"
            audience = "{TestTokenIssuer.Audience}"
            allowed_algorithms = ["HS256"]
            [[auth.signing_keys]]
            kid = "demo"
            key_base64 = "{Convert.ToBase64String(secret)}"
            """));
        var good = await PostAsync(service, TestTokenIssuer.Mint(new SymmetricSecurityKey(secret) { KeyId = "demo" }, subject: "bob"));
        Assert.Equal(HttpStatusCode.OK, good.Status);
        Assert.Equal("bob", good.Body.GetProperty("data").GetProperty("principal").GetString());
        var otherSecret = new byte[48];
        AssertUnauthenticated(await PostAsync(service, TestTokenIssuer.Mint(new SymmetricSecurityKey(otherSecret) { KeyId = "demo" })), "signature");
    }

    [Fact]
    public async Task Oidc_discovery_from_the_issuer_finds_the_keys()
    {
        var service = await StartServiceAsync(new FraiseQLSecurityOptions
        {
            Auth = new JwtAuthOptions { Issuer = _idpUrl, Audiences = [TestTokenIssuer.Audience], AllowInsecureMetadata = true },
            AllowAnonymous = false,
        });
        var response = await PostAsync(service, TestTokenIssuer.Mint(_key1, issuer: _idpUrl));
        Assert.Equal(HttpStatusCode.OK, response.Status);
        AssertUnauthenticated(await PostAsync(service, TestTokenIssuer.Mint(_key1)), "issuer");
    }

    [Fact]
    public async Task Jwks_key_rotation_is_picked_up_while_old_tokens_keep_working()
    {
        var service = await StartServiceAsync(JwksOptions());
        var oldToken = TestTokenIssuer.Mint(_key1);
        var newToken = TestTokenIssuer.Mint(_key2, subject: "carol");
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(service, oldToken)).Status);

        _jwks = TestTokenIssuer.Jwks(_key1, _key2); // the identity provider publishes the next key
        var accepted = false;
        for (var attempt = 0; attempt < 100 && !accepted; attempt++)
        {
            Assert.Equal(HttpStatusCode.OK, (await PostAsync(service, oldToken)).Status); // traffic never fails
            var response = await PostAsync(service, newToken);
            accepted = response.Status == HttpStatusCode.OK;
            if (!accepted)
            {
                await Task.Delay(200);
            }
        }
        Assert.True(accepted, "a token signed with the newly published key was never accepted");
        Assert.Equal("carol", (await PostAsync(service, newToken)).Body.GetProperty("data").GetProperty("principal").GetString());
    }

    [Fact]
    public async Task WebSocket_connection_init_tokens_are_validated_with_the_same_rules()
    {
        var app = await StartServiceAppAsync(JwksOptions());
        var validator = app.Services.GetRequiredService<BearerTokenValidator>();
        var (principal, error) = await validator.ValidateAsync("Bearer " + TestTokenIssuer.Mint(_key1, subject: "dave"), CancellationToken.None);
        Assert.Null(error);
        Assert.Equal("dave", principal!.FindFirst("sub")!.Value);

        var expired = await validator.ValidateAsync(TestTokenIssuer.Mint(_key1, notBefore: DateTime.UtcNow.AddHours(-2), expires: DateTime.UtcNow.AddHours(-1)), CancellationToken.None);
        Assert.Null(expired.Principal);
        Assert.Equal("UNAUTHENTICATED", expired.Error!.Code);
        Assert.Contains("expired", expired.Error.Message, StringComparison.Ordinal);

        var missing = await validator.ValidateAsync(null, CancellationToken.None);
        Assert.Equal(AuthenticationFailureMessages.MissingToken, missing.Error!.Message);
        var wrongAudience = await validator.ValidateAsync(TestTokenIssuer.Mint(_key1, audience: "billing"), CancellationToken.None);
        Assert.Contains("audience", wrongAudience.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Development_tokens_minted_from_the_toml_key_are_accepted()
    {
        var secret = Convert.ToBase64String(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray());
        var options = SecurityOptionsReader.FromToml($"""
            [auth]
            issuer = "fraiseql-demo"
            audience = "fraiseql-demo"
            [[auth.signing_keys]]
            kid = "demo"
            key_base64 = "{secret}"
            [security]
            tenant_claim = "org"
            """);
        var service = await StartServiceAsync(options);
        var token = DevelopmentTokenIssuer.Mint(options.Auth!, "erin", ["staff"], tenant: "acme", tenantClaim: options.TenantClaim);
        var response = await PostAsync(service, token);
        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("erin", response.Body.GetProperty("data").GetProperty("principal").GetString());
        Assert.Equal("staff", response.Body.GetProperty("data").GetProperty("roles").GetString());
        Assert.Equal("acme", response.Body.GetProperty("data").GetProperty("tenant").GetString());
    }
}
