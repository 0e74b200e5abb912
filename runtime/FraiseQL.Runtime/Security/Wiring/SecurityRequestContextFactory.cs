using FraiseQL.Execution;
using FraiseQL.Http;
using FraiseQL.Runtime.Security.Configuration;
using FraiseQL.Runtime.Security.Identity;
using Microsoft.AspNetCore.Http;

namespace FraiseQL.Runtime.Security.Wiring;

/// <summary>
/// <see cref="IRequestContextFactory"/> with the configured identity mapping: roles from <c>[security] role_claims</c>
/// (JSON arrays, nested paths), the default role, scopes including role definitions, the configured tenant claim.
/// Correlation id and audit tags as the HTTP layer reads them.
/// </summary>
public sealed class SecurityRequestContextFactory(FraiseQLSecurityOptions options) : IRequestContextFactory
{
    public RequestContext Create(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        return ClaimsIdentityMapper.ToRequestContext(
            HttpRequestContextFactory.SignedInUser(httpContext),
            CorrelationId.For(httpContext),
            HttpRequestContextFactory.CurrentTraceParent(),
            HttpRequestContextFactory.AuditTagsOf(httpContext),
            options);
    }
}
