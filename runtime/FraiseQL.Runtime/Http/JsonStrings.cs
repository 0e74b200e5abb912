using System.Text.Json;

namespace FraiseQL.Http;

/// <summary>
/// Whether every string (and property name) of a parsed JSON document can be read as .NET text. JSON allows a
/// <c>\uD800</c> escape on its own, but half a surrogate pair is no text: System.Text.Json throws when such a string is
/// read, which would surface deep inside a request as an internal error. Requests are checked once when parsed; the
/// walk only runs when the raw text has a <c>\u</c> escape at all, so a usual request costs one vectorized search.
/// <see cref="TryParse"/> does the whole check of a request's bytes for the HTTP reader and the WebSocket session.
/// </summary>
internal static class JsonStrings
{
    public const string Unreadable = "a \\u escape in a JSON string names half of a UTF-16 surrogate pair, which is not text";

    /// <summary>What is wrong with a request's JSON text, if anything.</summary>
    public enum Problem { None, NotUtf8, NotJson, UnreadableString }

    /// <summary>
    /// Parses request JSON (an HTTP body, a WebSocket message) so that reading it later cannot fail: the bytes must be
    /// UTF-8 (System.Text.Json checks that only when a string is read), valid JSON, and every string readable. Returns
    /// <see cref="Problem.None"/> with the document (the caller disposes it), or the problem (and, for
    /// <see cref="Problem.NotJson"/>, the parser's message).
    /// </summary>
    public static Problem TryParse(ReadOnlyMemory<byte> utf8, JsonDocumentOptions options, out JsonDocument? document, out string? detail)
    {
        document = null;
        detail = null;
        if (!System.Text.Unicode.Utf8.IsValid(utf8.Span))
        {
            return Problem.NotUtf8;
        }
        JsonDocument parsed;
        try
        {
            parsed = JsonDocument.Parse(utf8, options);
        }
        catch (JsonException ex)
        {
            detail = ex.Message;
            return Problem.NotJson;
        }
        if (!AllReadable(parsed.RootElement, utf8.Span))
        {
            parsed.Dispose();
            return Problem.UnreadableString;
        }
        document = parsed;
        return Problem.None;
    }

    public static bool AllReadable(JsonElement root, ReadOnlySpan<byte> utf8) => utf8.IndexOf("\\u"u8) < 0 || AllReadable(root);

    public static bool AllReadable(JsonElement root, string text) => !text.Contains("\\u", StringComparison.Ordinal) || AllReadable(root);

    private static bool AllReadable(JsonElement element)
    {
        try
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.String:
                    _ = element.GetString();
                    return true;
                case JsonValueKind.Object:
                    foreach (var property in element.EnumerateObject())
                    {
                        _ = property.Name;
                        if (!AllReadable(property.Value))
                        {
                            return false;
                        }
                    }
                    return true;
                case JsonValueKind.Array:
                    foreach (var item in element.EnumerateArray())
                    {
                        if (!AllReadable(item))
                        {
                            return false;
                        }
                    }
                    return true;
                default:
                    return true;
            }
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
