using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace FraiseQL.Http;

/// <summary>Content negotiation of GraphQL over HTTP: which response media type the client accepts.</summary>
public static class GraphQLMediaTypes
{
    public const string GraphQLResponseJson = "application/graphql-response+json";
    public const string Json = "application/json";

    /// <summary>The <c>Content-Type</c> of a response in <paramref name="mediaType"/> (UTF-8).</summary>
    public static string ContentTypeOf(string mediaType) => mediaType switch
    {
        GraphQLResponseJson => GraphQLResponseJsonUtf8,
        Json => JsonUtf8,
        _ => mediaType + "; charset=utf-8",
    };

    private const string GraphQLResponseJsonUtf8 = GraphQLResponseJson + "; charset=utf-8";
    private const string JsonUtf8 = Json + "; charset=utf-8";

    /// <summary>The response media type an accepted media type (no parameters) stands for; null for one we cannot serve.</summary>
    private static string? ResponseMediaTypeFor(string? accepted) =>
        string.Equals(accepted, GraphQLResponseJson, StringComparison.OrdinalIgnoreCase) ? GraphQLResponseJson
        : string.Equals(accepted, Json, StringComparison.OrdinalIgnoreCase) || accepted is "*/*" or "application/*" ? Json
        : null;

    /// <summary>
    /// The response media type for an Accept header: <c>application/graphql-response+json</c> or
    /// <c>application/json</c> by preference (q-values, then order, graphql-response+json on ties);
    /// <c>application/json</c> when there is no Accept header (legacy clients); null when neither is acceptable.
    /// </summary>
    public static string? Negotiate(StringValues acceptHeader)
    {
        if (StringValues.IsNullOrEmpty(acceptHeader))
        {
            return Json;
        }
        if (acceptHeader.Count == 1 && ResponseMediaTypeFor(acceptHeader[0]) is { } single)
        {
            return single; // one media type without parameters, as most clients send: no parsing
        }
        if (!MediaTypeHeaderValue.TryParseList(acceptHeader, out var accepted) || accepted.Count == 0)
        {
            return Json;
        }
        string? best = null;
        double bestQ = 0;
        foreach (var media in accepted)
        {
            var q = media.Quality ?? 1.0;
            if (q <= 0)
            {
                continue;
            }
            var type = media.MediaType.Value ?? "";
            var candidate = ResponseMediaTypeFor(type);
            if (candidate is null)
            {
                continue;
            }
            if (best is null || q > bestQ || (q == bestQ && candidate == GraphQLResponseJson && best != GraphQLResponseJson && type != "*/*" && type != "application/*"))
            {
                best = candidate;
                bestQ = q;
            }
        }
        return best;
    }

    /// <summary>Whether the client asked for an HTML page (a browser): then GraphiQL may be served.</summary>
    public static bool AcceptsHtml(StringValues acceptHeader) =>
        MediaTypeHeaderValue.TryParseList(acceptHeader, out var list) && list.Any(m => m.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase));
}
