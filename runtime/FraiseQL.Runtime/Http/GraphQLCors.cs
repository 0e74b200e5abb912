using FraiseQL.Configuration;
using Microsoft.AspNetCore.Http;

namespace FraiseQL.Http;

/// <summary>
/// CORS for the GraphQL endpoint from <c>[server.cors] origins / credentials</c>: allowed origins get
/// <c>Access-Control-Allow-Origin</c> (the origin itself, or <c>*</c> when "*" is listed without credentials),
/// and preflight <c>OPTIONS</c> requests are answered with 204. No origins configured = no CORS headers.
/// </summary>
internal sealed class GraphQLCors(CorsConfig config)
{
    private const string DefaultAllowedHeaders = "content-type, accept, authorization, x-correlation-id, x-audit-tags";

    private readonly HashSet<string> _origins = new(config.Origins, StringComparer.OrdinalIgnoreCase);

    /// <summary>Adds CORS headers; returns true when the request was a preflight that has been answered.</summary>
    public bool Apply(HttpContext http)
    {
        var origin = http.Request.Headers.Origin.ToString();
        var allowed = origin.Length > 0 && _origins.Count > 0 && (_origins.Contains(origin) || _origins.Contains("*"));
        if (allowed)
        {
            var headers = http.Response.Headers;
            headers.AccessControlAllowOrigin = _origins.Contains("*") && !config.Credentials ? "*" : origin;
            headers.Vary = "Origin";
            headers.AccessControlExposeHeaders = CorrelationId.HeaderName;
            if (config.Credentials)
            {
                headers.AccessControlAllowCredentials = "true";
            }
        }
        if (!HttpMethods.IsOptions(http.Request.Method) || http.Request.Headers.AccessControlRequestMethod.Count == 0)
        {
            return false;
        }
        if (allowed)
        {
            var headers = http.Response.Headers;
            headers.AccessControlAllowMethods = "GET, POST";
            var requested = http.Request.Headers.AccessControlRequestHeaders.ToString();
            headers.AccessControlAllowHeaders = requested.Length > 0 ? requested : DefaultAllowedHeaders;
            headers.AccessControlMaxAge = "600";
        }
        http.Response.StatusCode = allowed ? StatusCodes.Status204NoContent : StatusCodes.Status403Forbidden;
        return true;
    }
}
