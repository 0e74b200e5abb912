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
    private static readonly JsonDocumentOptions JsonOptions = new() { MaxDepth = 64 };

    /// <summary>
    /// Result of reading: the request, or an HTTP status and message for a malformed one. <paramref name="Lease"/>, when
    /// set, holds the parsed body the request's values point into: dispose it once the request has been executed.
    /// </summary>
    public readonly record struct ReadResult(GraphQLRequest? Request, int Status, string? Error, IDisposable? Lease = null)
    {
        /// <summary>A batched POST (a JSON array of requests): its requests, in order; <see cref="Request"/> is the first.</summary>
        public IReadOnlyList<GraphQLRequest>? Batch { get; init; }
    }

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
        if (string.IsNullOrEmpty(queryText) && !NamesPersistedQuery(extensions))
        {
            return new ReadResult(null, StatusCodes.Status400BadRequest, "The request has no \"query\" parameter.");
        }
        var operationName = query["operationName"].ToString();
        return new ReadResult(new GraphQLRequest
        {
            Query = string.IsNullOrEmpty(queryText) ? null : queryText,
            OperationName = string.IsNullOrEmpty(operationName) ? null : operationName,
            Variables = variables,
            Extensions = extensions,
        }, 200, null);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public static async ValueTask<ReadResult> FromBodyAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (!IsPlainJson(request.ContentType) && ContentTypeError(request.ContentType) is { } refused)
        {
            return refused;
        }
        if (request.ContentLength > maxBytes)
        {
            return TooLarge(maxBytes);
        }
        var buffer = new PooledBufferWriter(request.ContentLength is > 0 and < 65536 ? (int)request.ContentLength + 1 : 4096);
        try
        {
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
                    buffer.Dispose();
                    return TooLarge(maxBytes);
                }
            }
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
        return ParseKeeping(buffer);
    }

    private static ReadResult TooLarge(long maxBytes) =>
        new(null, StatusCodes.Status413PayloadTooLarge, $"The request body is larger than the maximum of {maxBytes} bytes.");

    // the Content-Type almost every client sends, accepted without parsing the header
    private static bool IsPlainJson(string? contentType) =>
        string.Equals(contentType, "application/json", StringComparison.OrdinalIgnoreCase)
        || string.Equals(contentType, "application/json; charset=utf-8", StringComparison.OrdinalIgnoreCase);

    /// <summary>Null when the Content-Type is JSON in UTF-8; else the 415 answer.</summary>
    private static ReadResult? ContentTypeError(string? header)
    {
        if (!MediaTypeHeaderValue.TryParse(header, out var contentType))
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
        return null;
    }

    /// <summary>
    /// Parses the body in <paramref name="buffer"/> and keeps both alive for the request (its variables are read from the
    /// parsed body in place, not copied): the lease of the result disposes them.
    /// </summary>
    private static ReadResult ParseKeeping(PooledBufferWriter buffer)
    {
        var problem = JsonStrings.TryParse(buffer.WrittenMemory, JsonOptions, out var parsed, out var detail);
        if (problem != JsonStrings.Problem.None)
        {
            buffer.Dispose();
            return new ReadResult(null, StatusCodes.Status400BadRequest, problem switch
            {
                JsonStrings.Problem.NotUtf8 => "The request body is not valid UTF-8 (JSON requests must be UTF-8).",
                JsonStrings.Problem.NotJson => $"The request body is not valid JSON: {detail}",
                _ => $"The request body is not valid: {JsonStrings.Unreadable}.",
            });
        }
        var document = parsed!;
        var lease = new ParsedBody(document, buffer);
        if (document.RootElement.ValueKind == JsonValueKind.Array)
        {
            return ParseBatch(document.RootElement, lease);
        }
        var result = FromElement(document.RootElement, copyValues: false);
        if (result.Request is null)
        {
            lease.Dispose();
            return result;
        }
        return result with { Lease = lease };
    }

    /// <summary>A batch: every item must be a request object; one that is not fails the whole batch, naming its index.</summary>
    private static ReadResult ParseBatch(JsonElement array, IDisposable lease)
    {
        var requests = new List<GraphQLRequest>(array.GetArrayLength());
        foreach (var item in array.EnumerateArray())
        {
            var read = FromElement(item, copyValues: false);
            if (read.Request is null)
            {
                lease.Dispose();
                return read with { Error = $"Batch item {requests.Count}: {read.Error}" };
            }
            requests.Add(read.Request);
        }
        if (requests.Count == 0)
        {
            lease.Dispose();
            return new ReadResult(null, StatusCodes.Status400BadRequest, "The batch is empty: send a JSON array of one or more request objects.");
        }
        return new ReadResult(requests[0], 200, null, lease) { Batch = requests };
    }

    /// <summary>A parsed request body and the pooled bytes it was parsed from.</summary>
    private sealed class ParsedBody(JsonDocument document, PooledBufferWriter bytes) : IDisposable
    {
        public void Dispose()
        {
            document.Dispose();
            bytes.Dispose();
        }
    }

    /// <summary>Reads a JSON request object <c>{query, operationName, variables, extensions}</c> (the HTTP body, WebSocket subscribe payloads).</summary>
    /// <param name="copyValues">
    /// False when the caller keeps <paramref name="root"/>'s document alive while the request runs (the HTTP body);
    /// true (the default) copies "variables" and "extensions" out of it.
    /// </param>
    public static ReadResult FromElement(JsonElement root, bool copyValues = true)
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
                    variables = p.Value.ValueKind == JsonValueKind.Object ? (copyValues ? p.Value.Clone() : p.Value) : null;
                    break;
                case "extensions":
                    if (p.Value.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
                    {
                        return new ReadResult(null, StatusCodes.Status400BadRequest, "\"extensions\" must be a JSON object or null.");
                    }
                    extensions = p.Value.ValueKind == JsonValueKind.Object ? (copyValues ? p.Value.Clone() : p.Value) : null;
                    break;
            }
        }
        if (string.IsNullOrEmpty(query) && !NamesPersistedQuery(extensions))
        {
            return new ReadResult(null, StatusCodes.Status400BadRequest, "The request has no \"query\": send the GraphQL document as a string in \"query\".");
        }
        return new ReadResult(new GraphQLRequest { Query = query, OperationName = operationName, Variables = variables, Extensions = extensions }, 200, null);
    }

    private static bool TryParseJson(string text, out JsonElement? element)
    {
        try
        {
            using var doc = JsonDocument.Parse(text, JsonOptions);
            element = doc.RootElement.Clone();
            return JsonStrings.AllReadable(doc.RootElement, text);
        }
        catch (JsonException)
        {
            element = null;
            return false;
        }
    }

    /// <summary>A request without a document may still name one: <c>extensions.persistedQuery</c> (see <see cref="PersistedDocuments"/>).</summary>
    private static bool NamesPersistedQuery(JsonElement? extensions) =>
        extensions is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty("persistedQuery", out _);
}
