using System.Text.Json;

namespace FraiseQL.Http;

/// <summary>
/// Whether every string (and property name) of a parsed JSON document can be read as .NET text. JSON allows a
/// <c>\uD800</c> escape on its own, but half a surrogate pair is no text: System.Text.Json throws when such a string is
/// read, which would surface deep inside a request as an internal error. Requests are checked once when parsed; the
/// walk only runs when the raw text has a <c>\u</c> escape at all, so a usual request costs one vectorized search.
/// </summary>
internal static class JsonStrings
{
    public const string Unreadable = "a \\u escape in a JSON string names half of a UTF-16 surrogate pair, which is not text";

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
