using Microsoft.AspNetCore.ResponseCompression;

namespace FraiseQL.Http;

/// <summary>
/// Lets ASP.NET Core's response compression (<c>app.UseResponseCompression()</c>, off unless the application adds it)
/// compress <c>application/graphql-response+json</c> like <c>application/json</c>: the middleware's default list has
/// only the latter, so without this every spec-preferred GraphQL answer would leave uncompressed. Applied after the
/// application's own configuration; <see cref="ResponseCompressionOptions.ExcludedMimeTypes"/> still opts out.
/// </summary>
internal static class GraphQLResponseCompression
{
    public static void ListGraphQLMediaType(ResponseCompressionOptions options)
    {
        if (options.ExcludedMimeTypes.Contains(GraphQLMediaTypes.GraphQLResponseJson, StringComparer.OrdinalIgnoreCase))
        {
            return;
        }
        // no list (or an empty one) means the middleware's defaults
        var listed = options.MimeTypes is { } mimeTypes && mimeTypes.Any() ? mimeTypes : ResponseCompressionDefaults.MimeTypes;
        if (!listed.Contains(GraphQLMediaTypes.GraphQLResponseJson, StringComparer.OrdinalIgnoreCase))
        {
            options.MimeTypes = [.. listed, GraphQLMediaTypes.GraphQLResponseJson];
        }
    }
}
