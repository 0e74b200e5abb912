using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace FraiseQL.Runtime.Security.Authentication;

/// <summary>Writes a request-level failure as a GraphQL response: <c>{"errors":[{"message":…,"extensions":{"code":…}}]}</c>.</summary>
public static class GraphQLErrorResponse
{
    public const string ContentType = "application/graphql-response+json; charset=utf-8";

    public static async Task WriteAsync(HttpResponse response, int statusCode, string message, string code, CancellationToken cancellationToken)
    {
        response.StatusCode = statusCode;
        response.ContentType = ContentType;
        await using (var writer = new Utf8JsonWriter(response.BodyWriter))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("errors");
            writer.WriteStartObject();
            writer.WriteString("message", message);
            writer.WriteStartObject("extensions");
            writer.WriteString("code", code);
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        await response.BodyWriter.FlushAsync(cancellationToken);
    }
}
