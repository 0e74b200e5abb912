using FraiseQL.Execution;
using Microsoft.AspNetCore.Http;

namespace FraiseQL.Http;

/// <summary>Builds the <see cref="RequestContext"/> of an HTTP or WebSocket request. Replaceable (the security subsystem refines identity).</summary>
public interface IRequestContextFactory
{
    RequestContext Create(HttpContext httpContext);
}
