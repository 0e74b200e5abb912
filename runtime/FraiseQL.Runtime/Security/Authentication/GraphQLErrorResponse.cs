using FraiseQL.Execution;
using FraiseQL.Http;
using Microsoft.AspNetCore.Http;

namespace FraiseQL.Runtime.Security.Authentication;

/// <summary>
/// Writes a request-level failure of authentication or authorization (401, 403) as a GraphQL response,
/// <c>{"errors":[{"message":…,"extensions":{"code":…}}]}</c>, in the media type the request's <c>Accept</c> header
/// negotiates, like every other error of the GraphQL endpoint (<c>application/json</c> when it allows neither).
/// </summary>
public static class GraphQLErrorResponse
{
    public static Task WriteAsync(HttpResponse response, int statusCode, string message, string code, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        var mediaType = GraphQLMediaTypes.Negotiate(response.HttpContext.Request.Headers.Accept) ?? GraphQLMediaTypes.Json;
        return HttpResponseBody.WriteErrorAsync(response, statusCode, mediaType, new GraphQLError(message, code), cancellationToken).AsTask();
    }
}
