using FraiseQL.Execution;
using FraiseQL.GraphQL;
using FraiseQL.Hosting;
using Microsoft.AspNetCore.Http;

namespace FraiseQL.Http;

/// <summary>A whole response body known up front: status, content type and length, then the bytes in one write.</summary>
internal static class HttpResponseBody
{
    /// <summary>
    /// Writes <paramref name="body"/> as the response. The response pipe copies the bytes before the write completes, so
    /// a pooled body can go back to its pool once the returned task has.
    /// </summary>
    public static ValueTask WriteAsync(HttpContext http, int status, string contentType, ReadOnlyMemory<byte> body) =>
        WriteAsync(http.Response, status, contentType, body, http.RequestAborted);

    /// <inheritdoc cref="WriteAsync(HttpContext, int, string, ReadOnlyMemory{byte})"/>
    public static ValueTask WriteAsync(HttpResponse response, int status, string contentType, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        response.StatusCode = status;
        response.ContentType = contentType;
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body, cancellationToken);
    }

    /// <summary>
    /// A request that fails as a whole: <c>{"errors":[…]}</c> in <paramref name="mediaType"/> (a media type of
    /// <see cref="GraphQLMediaTypes"/>) with <paramref name="status"/>, counted in the errors metric by its code.
    /// </summary>
    public static ValueTask WriteErrorAsync(HttpResponse response, int status, string mediaType, GraphQLError error, CancellationToken cancellationToken)
    {
        FraiseQLTelemetry.Errors.Add(1, new KeyValuePair<string, object?>("code", error.Code));
        return WriteAsync(response, status, GraphQLMediaTypes.ContentTypeOf(mediaType), ResponseJson.ErrorsOnly(error), cancellationToken);
    }
}
