using Microsoft.AspNetCore.Http;

namespace FraiseQL.Http;

/// <summary>A whole response body known up front: status, content type and length, then the bytes in one write.</summary>
internal static class HttpResponseBody
{
    /// <summary>
    /// Writes <paramref name="body"/> as the response. The response pipe copies the bytes before the write completes, so
    /// a pooled body can go back to its pool once the returned task has.
    /// </summary>
    public static ValueTask WriteAsync(HttpContext http, int status, string contentType, ReadOnlyMemory<byte> body)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = contentType;
        http.Response.ContentLength = body.Length;
        return http.Response.Body.WriteAsync(body, http.RequestAborted);
    }
}
