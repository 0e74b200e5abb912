using System.Text.Json;
using FraiseQL.Execution;
using FraiseQL.Runtime.Security.EventIdentity;
using NATS.Client.Core;

namespace FraiseQL.Runtime.Tests.Security;

public sealed class EventIdentityTests
{
    private static readonly RequestContext Context = new()
    {
        CorrelationId = "corr-1",
        TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
        Principal = "alice",
        Roles = ["admin", "staff"],
        TenantId = "t-1",
        Claims = new Dictionary<string, string> { ["sub"] = "alice", ["secret"] = "never-in-headers" },
        AuditTags = new Dictionary<string, string> { ["ticket"] = "OPS-1" },
    };

    [Fact]
    public void Headers_round_trip_identity_but_no_other_claims()
    {
        var headers = new NatsHeaders();
        IdentityHeaders.Write(Context, headers);
        Assert.Equal("alice", headers["FraiseQL-Principal"].ToString());
        Assert.Equal("admin,staff", headers["FraiseQL-Roles"].ToString());
        Assert.Equal("t-1", headers["FraiseQL-Tenant"].ToString());
        Assert.Equal("corr-1", headers["X-Correlation-Id"].ToString());
        Assert.Equal("OPS-1", headers["FraiseQL-Audit-ticket"].ToString());
        Assert.DoesNotContain(headers, h => h.Value.ToString().Contains("never-in-headers", StringComparison.Ordinal));

        var read = IdentityHeaders.Read(headers);
        Assert.Equal("alice", read.Principal);
        Assert.Equal(["admin", "staff"], read.Roles);
        Assert.Equal("t-1", read.TenantId);
        Assert.Equal("t-1", read.Claims["tenant_id"]);
        Assert.Equal("corr-1", read.CorrelationId);
        Assert.Equal(Context.TraceParent, read.TraceParent);
        Assert.Equal("OPS-1", read.AuditTags["ticket"]);
    }

    [Fact]
    public void Missing_headers_give_an_anonymous_context_with_a_fresh_correlation_id()
    {
        var read = IdentityHeaders.Read(null);
        Assert.False(read.IsAuthenticated);
        Assert.True(Guid.TryParse(read.CorrelationId, out _));
    }

    [Fact]
    public void Event_context_json_carries_identity_for_p_context()
    {
        using var doc = JsonDocument.Parse(EventContextJson.Build(Context, "fraiseql.order.created", "evt-1"));
        var root = doc.RootElement;
        Assert.Equal("alice", root.GetProperty("principal").GetString());
        Assert.Equal(["admin", "staff"], root.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal("t-1", root.GetProperty("tenant_id").GetString());
        Assert.Equal("corr-1", root.GetProperty("correlation_id").GetString());
        Assert.Equal("OPS-1", root.GetProperty("audit").GetProperty("ticket").GetString());
        Assert.Equal("fraiseql.order.created", root.GetProperty("subject").GetString());
        Assert.Equal("evt-1", root.GetProperty("event_id").GetString());
        Assert.False(root.TryGetProperty("secret", out _));
    }
}
