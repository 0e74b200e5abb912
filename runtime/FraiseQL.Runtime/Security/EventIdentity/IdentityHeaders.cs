using FraiseQL.Execution;
using NATS.Client.Core;

namespace FraiseQL.Runtime.Security.EventIdentity;

/// <summary>
/// The caller's identity in NATS message headers: <c>FraiseQL-Principal</c>, <c>FraiseQL-Roles</c> (comma-separated),
/// <c>FraiseQL-Tenant</c>, <c>X-Correlation-Id</c>, <c>traceparent</c> and one <c>FraiseQL-Audit-&lt;tag&gt;</c> per audit
/// tag. Never tokens or other claims.
/// </summary>
public static class IdentityHeaders
{
    public const string Principal = "FraiseQL-Principal";
    public const string Roles = "FraiseQL-Roles";
    public const string Tenant = "FraiseQL-Tenant";
    public const string CorrelationId = "X-Correlation-Id";
    public const string TraceParent = "traceparent";
    public const string AuditPrefix = "FraiseQL-Audit-";

    /// <summary>Adds the identity headers of <paramref name="context"/> to <paramref name="headers"/> (replacing any).</summary>
    public static void Write(RequestContext context, NatsHeaders headers)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(headers);
        headers[CorrelationId] = context.CorrelationId;
        if (context.TraceParent is { } traceParent)
        {
            headers[TraceParent] = traceParent;
        }
        if (context.Principal is { } principal)
        {
            headers[Principal] = principal;
        }
        if (context.Roles.Count > 0)
        {
            headers[Roles] = string.Join(',', context.Roles);
        }
        if (context.TenantId is { } tenant)
        {
            headers[Tenant] = tenant;
        }
        foreach (var (tag, value) in context.AuditTags)
        {
            headers[AuditPrefix + tag] = value;
        }
    }

    /// <summary>The <see cref="RequestContext"/> an event or request was sent with; a new correlation id when absent.</summary>
    public static RequestContext Read(NatsHeaders? headers)
    {
        if (headers is null)
        {
            return RequestContext.Anonymous(Guid.CreateVersion7().ToString());
        }
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, values) in headers)
        {
            if (name.StartsWith(AuditPrefix, StringComparison.OrdinalIgnoreCase) && name.Length > AuditPrefix.Length)
            {
                tags[name[AuditPrefix.Length..]] = values.ToString();
            }
        }
        var principal = Single(headers, Principal);
        var tenant = Single(headers, Tenant);
        var claims = new Dictionary<string, string>(StringComparer.Ordinal);
        if (principal is not null)
        {
            claims["sub"] = principal;
        }
        if (tenant is not null)
        {
            claims["tenant_id"] = tenant;
        }
        return new RequestContext
        {
            CorrelationId = Single(headers, CorrelationId) ?? Guid.CreateVersion7().ToString(),
            TraceParent = Single(headers, TraceParent),
            Principal = principal,
            Roles = Single(headers, Roles)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [],
            TenantId = tenant,
            Claims = claims,
            AuditTags = tags,
        };
    }

    private static string? Single(NatsHeaders headers, string name) =>
        headers.TryGetValue(name, out var values) && values.Count > 0 && !string.IsNullOrEmpty(values[0]) ? values[0] : null;
}
