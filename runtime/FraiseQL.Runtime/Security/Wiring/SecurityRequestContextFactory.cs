using System.Diagnostics;
using FraiseQL.Execution;
using FraiseQL.Http;
using FraiseQL.Runtime.Security.Configuration;
using FraiseQL.Runtime.Security.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features.Authentication;

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
        var traceParent = Activity.Current is { IdFormat: ActivityIdFormat.W3C } activity ? activity.Id : null;
        return ClaimsIdentityMapper.ToRequestContext(
            // the feature, not HttpContext.User: that would make an empty principal for every anonymous request
            httpContext.Features.Get<IHttpAuthenticationFeature>()?.User,
            CorrelationId.For(httpContext),
            traceParent,
            HttpRequestContextFactory.ParseAuditTags(httpContext.Request.Headers[HttpRequestContextFactory.AuditTagsHeader].ToString()),
            options);
    }
}
