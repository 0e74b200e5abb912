using System.Text.Json;
using FraiseQL.Execution;
using FraiseQL.Runtime.Security.Authentication;
using FraiseQL.Runtime.Security.Configuration;
using Microsoft.AspNetCore.Http;

namespace FraiseQL.Runtime.Tests.Security;

/// <summary>
/// Where <see cref="BearerTokenWebSocketConnectionInitializer"/> finds a connection_init token, and what it does
/// without one. (Validation itself is <see cref="BearerTokenValidator"/>'s, covered with real tokens by the
/// integration tests.)
/// </summary>
public sealed class WebSocketConnectionAuthenticationTests
{
    [Theory]
    [InlineData("""{"Authorization":"Bearer abc"}""", "Bearer abc")]
    [InlineData("""{"authorization":"Bearer abc"}""", "Bearer abc")]
    [InlineData("""{"headers":{"Authorization":"Bearer abc"}}""", "Bearer abc")]
    [InlineData("""{"Headers":{"AUTHORIZATION":"abc"}}""", "abc")]
    [InlineData("""{"Authorization":""}""", null)]
    [InlineData("""{"Authorization":42}""", null)]
    [InlineData("""{"token":"abc"}""", null)]
    [InlineData("""[]""", null)]
    public void The_token_is_read_from_authorization_at_the_top_or_under_headers(string payload, string? expected)
    {
        using var doc = JsonDocument.Parse(payload);
        Assert.Equal(expected, BearerTokenWebSocketConnectionInitializer.TokenOf(doc.RootElement));
    }

    [Fact]
    public async Task Without_a_token_the_connection_is_refused_where_anonymous_access_is_off_and_kept_where_it_is_on()
    {
        var context = new RequestContext { CorrelationId = "c" };
        var closed = new FraiseQLSecurityOptions { Auth = new JwtAuthOptions(), AllowAnonymous = false };
        var refused = await new BearerTokenWebSocketConnectionInitializer(null!, closed).InitializeAsync(new DefaultHttpContext(), null, context, CancellationToken.None);
        Assert.Equal("UNAUTHENTICATED", refused.Error?.Code);
        Assert.Contains("connection_init", refused.Error!.Message, StringComparison.Ordinal);

        var open = new FraiseQLSecurityOptions { Auth = new JwtAuthOptions(), AllowAnonymous = true };
        var accepted = await new BearerTokenWebSocketConnectionInitializer(null!, open).InitializeAsync(new DefaultHttpContext(), null, context, CancellationToken.None);
        Assert.Same(context, accepted.Context);
    }
}
