using System.Diagnostics;
using System.Security.Claims;
using FraiseQL.Execution;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features.Authentication;

namespace FraiseQL.Http;

/// <summary>
/// Default <see cref="IRequestContextFactory"/>: correlation id (header or new), traceparent of the
/// current activity, identity from <see cref="HttpContext.User"/> when authenticated (claims
/// <c>sub</c>, <c>roles</c>/<c>role</c>, <c>scope</c>, <c>tenant_id</c>), audit tags from
/// <c>X-Audit-Tags: k=v;k2=v2</c>.
/// </summary>
public sealed class HttpRequestContextFactory : IRequestContextFactory
{
    public const string AuditTagsHeader = "X-Audit-Tags";

    public RequestContext Create(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var correlationId = CorrelationId.For(httpContext);
        var traceParent = CurrentTraceParent();
        var auditTags = AuditTagsOf(httpContext);
        var user = SignedInUser(httpContext);
        if (user?.Identity is not { IsAuthenticated: true })
        {
            return new RequestContext { CorrelationId = correlationId, TraceParent = traceParent, AuditTags = auditTags };
        }
        var claims = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var group in user.Claims.GroupBy(c => c.Type, StringComparer.Ordinal))
        {
            claims[group.Key] = string.Join(",", group.Select(c => c.Value));
        }
        var roles = user.Claims
            .Where(c => c.Type is "roles" or "role" || c.Type == ClaimTypes.Role)
            .SelectMany(c => c.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Distinct(StringComparer.Ordinal)
            .ToArray();
        var scopes = user.Claims
            .Where(c => c.Type is "scope" or "scp")
            .SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Distinct(StringComparer.Ordinal)
            .ToArray();
        return new RequestContext
        {
            CorrelationId = correlationId,
            TraceParent = traceParent,
            Principal = user.FindFirst("sub")?.Value ?? user.FindFirst(ClaimTypes.NameIdentifier)?.Value ?? user.Identity.Name ?? "",
            Roles = roles,
            Scopes = scopes,
            TenantId = user.FindFirst("tenant_id")?.Value,
            Claims = claims,
            AuditTags = auditTags,
        };
    }

    /// <summary>
    /// The principal authentication set on the request, or null: read from the feature, not <see cref="HttpContext.User"/>,
    /// which would make an empty principal for every anonymous request.
    /// </summary>
    internal static ClaimsPrincipal? SignedInUser(HttpContext httpContext) =>
        httpContext.Features.Get<IHttpAuthenticationFeature>()?.User;

    /// <summary>The W3C id of the current activity (the request's trace context), or null.</summary>
    internal static string? CurrentTraceParent() =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C } activity ? activity.Id : null;

    /// <summary>The request's <c>X-Audit-Tags</c>, parsed.</summary>
    internal static IReadOnlyDictionary<string, string> AuditTagsOf(HttpContext httpContext) =>
        ParseAuditTags(httpContext.Request.Headers[AuditTagsHeader].ToString());

    /// <summary>
    /// Parses <c>k=v;k2=v2</c> (at most 32 tags, keys ≤64 and values ≤256 chars; malformed parts are ignored, and so is a
    /// key that cannot name a NATS header, with a space, a colon, a control or non-ASCII character: the tags travel
    /// as <c>FraiseQL-Audit-&lt;key&gt;</c> headers of the events the request causes).
    /// </summary>
    public static IReadOnlyDictionary<string, string> ParseAuditTags(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return RequestContext.EmptyClaims;
        }
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in header.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                continue;
            }
            var key = part[..eq].Trim();
            var value = part[(eq + 1)..].Trim();
            if (key.Length <= 64 && value.Length <= 256 && tags.Count < 32 && FraiseQL.Events.UnpublishableMessage.IsValidHeaderName(key))
            {
                tags[key] = value;
            }
        }
        return tags;
    }
}
