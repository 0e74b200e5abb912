using System.Runtime.CompilerServices;
using System.Text.Json;
using FraiseQL.Buffers;
using FraiseQL.GraphQL;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace FraiseQL.Http;

/// <summary>Reads the GraphQL request parameters from a POST JSON body or a GET query string.</summary>
internal static class GraphQLHttpRequestReader
{
    /// <summary>Result of reading: the request, or an HTTP status and message for a malformed one.</summary>
    public readonly record struct ReadResult(GraphQLRequest? Request, int Status, string? Error);

    public static ReadResult FromQueryString(IQueryCollection query)
    {
        var variablesText = query["variables"].ToString();
        var extensionsText = query["extensions"].ToString();
        JsonElement? variables = null;
        JsonElement? extensions = null;
        if (query["query"].Count > 1)
        {
            return new ReadResult(null, StatusCodes.Status400BadRequest, "The \"query\" parameter must be given once.");
        }
        if (!string.IsNullOrEmpty(variablesText))
        {
            if (!TryParseJson(variablesText, out variables) || variables!.Value.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
            {
                return new ReadResult(null, StatusCodes.Status400BadRequest, "The \"variables\" parameter must be a JSON object.");
            }
        }
        if (!string.IsNullOrEmpty(extensionsText))
        {
            if (!TryParseJson(extensionsText, out extensions) || extensions!.Value.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
            {
                return new ReadResult(null, StatusCodes.Status400BadRequest, "The \"extensions\" parameter must be a JSON object.");
            }
        }
        var queryText = query["query"].ToString();
        if (string.IsNullOrEmpty(queryText))
        {
            return new ReadResult(null, StatusCodes.Status400BadRequest, "The request has no \"query\" parameter.");
        }
        var operationName = query["operationName"].ToString();
        return new ReadResult(new GraphQLRequest
        {
            Query = queryText,
            OperationName = string.IsNullOrEmpty(operationName) ? null : operationName,
            Variables = variables,
            Extensions = extensions,
        }, 200, null);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public static async ValueTask<ReadResult> FromBodyAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType))
        {
            return new ReadResult(null, StatusCodes.Status415UnsupportedMediaType,
                "POST requests must have Content-Type: application/json.");
        }
        var mediaType = contentType.MediaType.Value ?? "";
        if (!mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            && !mediaType.Equals("application/graphql+json", StringComparison.OrdinalIgnoreCase))
        {
            return new ReadResult(null, StatusCodes.Status415UnsupportedMediaType,
                $"Unsupported Content-Type \"{mediaType}\": POST requests must use application/json.");
        }
        if (contentType.Charset.HasValue && !contentType.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase))
        {
            return new ReadResult(null, StatusCodes.Status415UnsupportedMediaType,
                $"Unsupported charset \"{contentType.Charset}\": the body must be UTF-8.");
        }
        if (request.ContentLength > maxBytes)
        {
            return new ReadResult(null, StatusCodes.Status413PayloadTooLarge, $"The request body is larger than the maximum of {maxBytes} bytes.");
        }
        using var buffer = new PooledBufferWriter(request.ContentLength is > 0 and < 65536 ? (int)request.ContentLength + 1 : 4096);
        while (true)
        {
            var memory = buffer.GetMemory(1);
            var read = await request.Body.ReadAsync(memory, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }
            buffer.Advance(read);
            if (buffer.WrittenCount > maxBytes)
            {
                return new ReadResult(null, StatusCodes.Status413PayloadTooLarge, $"The request body is larger than the maximum of {maxBytes} bytes.");
            }
        }
        return Parse(buffer.WrittenMemory);
    }

    /// <summary>Parses a JSON request object <c>{query, operationName, variables, extensions}</c> (also used by WebSocket subscribe payloads).</summary>
    public static ReadResult Parse(ReadOnlyMemory<byte> json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException ex)
        {
            return new ReadResult(null, StatusCodes.Status400BadRequest, $"The request body is not valid JSON: {ex.Message}");
        }
        using (document)
        {
            return FromElement(document.RootElement);
        }
    }

    public static ReadResult FromElement(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return new ReadResult(null, StatusCodes.Status400BadRequest, "The request body must be a JSON object with a \"query\" string.");
        }
        string? query = null;
        string? operationName = null;
        JsonElement? variables = null;
        JsonElement? extensions = null;
        foreach (var p in root.EnumerateObject())
        {
            switch (p.Name)
            {
                case "query":
                    if (p.Value.ValueKind != JsonValueKind.String)
                    {
                        return new ReadResult(null, StatusCodes.Status400BadRequest, "\"query\" must be a string.");
                    }
                    query = p.Value.GetString();
                    break;
                case "operationName":
                    if (p.Value.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
                    {
                        return new ReadResult(null, StatusCodes.Status400BadRequest, "\"operationName\" must be a string or null.");
                    }
                    operationName = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : null;
                    break;
                case "variables":
                    if (p.Value.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
                    {
                        return new ReadResult(null, StatusCodes.Status400BadRequest, "\"variables\" must be a JSON object or null.");
                    }
                    variables = p.Value.ValueKind == JsonValueKind.Object ? p.Value.Clone() : null;
                    break;
                case "extensions":
                    if (p.Value.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
                    {
                        return new ReadResult(null, StatusCodes.Status400BadRequest, "\"extensions\" must be a JSON object or null.");
                    }
                    extensions = p.Value.ValueKind == JsonValueKind.Object ? p.Value.Clone() : null;
                    break;
            }
        }
        if (string.IsNullOrEmpty(query))
        {
            return new ReadResult(null, StatusCodes.Status400BadRequest, "The request has no \"query\": send the GraphQL document as a string in \"query\".");
        }
        return new ReadResult(new GraphQLRequest { Query = query, OperationName = operationName, Variables = variables, Extensions = extensions }, 200, null);
    }

    private static bool TryParseJson(string text, out JsonElement? element)
    {
        try
        {
            using var doc = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 64 });
            element = doc.RootElement.Clone();
            return true;
        }
        catch (JsonException)
        {
            element = null;
            return false;
        }
    }
}
