using FraiseQL.Http;
using Microsoft.Extensions.Primitives;

namespace FraiseQL.Runtime.Tests;

public sealed class HttpPrimitivesTests
{
    [Theory]
    [InlineData(null, "application/json")]
    [InlineData("", "application/json")]
    [InlineData("*/*", "application/json")]
    [InlineData("application/json", "application/json")]
    [InlineData("application/graphql-response+json", "application/graphql-response+json")]
    [InlineData("application/graphql-response+json, application/json", "application/graphql-response+json")]
    [InlineData("application/json, application/graphql-response+json", "application/graphql-response+json")]
    [InlineData("application/graphql-response+json;q=0.5, application/json", "application/json")]
    [InlineData("application/graphql-response+json, */*;q=0.1", "application/graphql-response+json")]
    [InlineData("text/html, application/xhtml+xml", null)]
    [InlineData("application/json;q=0", null)]
    [InlineData("APPLICATION/JSON", "application/json")]
    [InlineData("application/*", "application/json")]
    [InlineData("application/json; charset=utf-8", "application/json")]
    [InlineData("text/plain", null)]
    public void Accept_header_negotiation(string? accept, string? expected) =>
        Assert.Equal(expected, GraphQLMediaTypes.Negotiate(accept is null ? StringValues.Empty : new StringValues(accept)));

    [Fact]
    public void Response_content_types_name_utf8()
    {
        Assert.Equal("application/json; charset=utf-8", GraphQLMediaTypes.ContentTypeOf(GraphQLMediaTypes.Json));
        Assert.Equal("application/graphql-response+json; charset=utf-8", GraphQLMediaTypes.ContentTypeOf(GraphQLMediaTypes.GraphQLResponseJson));
    }

    [Theory]
    [InlineData("abc", true)]
    [InlineData("A-b_c.1", true)]
    [InlineData("", false)]
    [InlineData("with space", false)]
    [InlineData("semi;colon", false)]
    public void Correlation_id_format(string value, bool valid) => Assert.Equal(valid, CorrelationId.IsValid(value));

    [Fact]
    public void Correlation_id_longer_than_128_is_rejected() => Assert.False(CorrelationId.IsValid(new string('a', 129)));

    [Fact]
    public void New_correlation_ids_are_unique_time_ordered_uuid_v7_hex()
    {
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var ids = Enumerable.Range(0, 10_000).Select(_ => CorrelationId.NewId()).ToList();
        var after = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        foreach (var id in ids)
        {
            Assert.Matches("^[0-9a-f]{12}7[0-9a-f]{3}[89ab][0-9a-f]{15}$", id);
            Assert.True(CorrelationId.IsValid(id));
            var guid = Guid.ParseExact(id, "N");
            Assert.Equal(7, guid.Version);
            var milliseconds = Convert.ToInt64(id[..12], 16);
            Assert.InRange(milliseconds, before, after);
        }
    }

    [Fact]
    public void A_request_s_correlation_id_is_made_once_and_echoed_and_a_valid_incoming_one_is_kept()
    {
        var fresh = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        var id = CorrelationId.For(fresh);
        Assert.True(CorrelationId.IsValid(id));
        Assert.Same(id, CorrelationId.For(fresh));
        Assert.Equal(id, fresh.Response.Headers[CorrelationId.HeaderName].ToString());

        var incoming = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        incoming.Request.Headers[CorrelationId.HeaderName] = "trace-42";
        Assert.Equal("trace-42", CorrelationId.For(incoming));
        Assert.Equal("trace-42", incoming.Response.Headers[CorrelationId.HeaderName].ToString());

        var invalid = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        invalid.Request.Headers[CorrelationId.HeaderName] = "not valid;";
        Assert.NotEqual("not valid;", CorrelationId.For(invalid));
    }

    [Fact]
    public void An_anonymous_request_gets_a_context_without_identity_and_a_signed_in_one_gets_its_claims()
    {
        var factory = new HttpRequestContextFactory();
        var anonymous = factory.Create(new Microsoft.AspNetCore.Http.DefaultHttpContext());
        Assert.True(CorrelationId.IsValid(anonymous.CorrelationId));
        Assert.Empty(anonymous.Roles);

        var signedIn = new Microsoft.AspNetCore.Http.DefaultHttpContext
        {
            User = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
                [new System.Security.Claims.Claim("sub", "user-1"), new System.Security.Claims.Claim("roles", "admin,ops")], "test")),
        };
        var context = factory.Create(signedIn);
        Assert.Equal("user-1", context.Principal);
        Assert.Equal(["admin", "ops"], context.Roles);
    }

    [Fact]
    public void Audit_tags_parse_and_ignore_malformed_parts()
    {
        var tags = HttpRequestContextFactory.ParseAuditTags("ticket=OPS-1; reason = migration ;broken; =x");
        Assert.Equal(2, tags.Count);
        Assert.Equal("OPS-1", tags["ticket"]);
        Assert.Equal("migration", tags["reason"]);
    }

    [Fact]
    public void Audit_tags_whose_key_cannot_name_a_nats_header_are_ignored()
    {
        // they travel as FraiseQL-Audit-<key> headers of the events the request causes
        var tags = HttpRequestContextFactory.ParseAuditTags("ticket id=42; a:b=1; über=2; ok=Prüfung");
        Assert.Equal("Prüfung", Assert.Single(tags).Value);
    }
}
