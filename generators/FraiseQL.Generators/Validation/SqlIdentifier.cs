using System.Linq;

namespace FraiseQL.Generators.Validation;

/// <summary>Validates and quotes SQL identifiers (<c>name</c>, <c>schema.name</c>, <c>catalog.schema.name</c>).</summary>
internal static class SqlIdentifier
{
    public static bool IsValid(string text, int maxParts = 3)
    {
        var parts = text.Split('.');
        return parts.Length <= maxParts && parts.All(IsValidPart);
    }

    private static bool IsValidPart(string part)
    {
        if (part.Length == 0 || part.Length > 63)
        {
            return false;
        }
        var c0 = part[0];
        if (!(char.IsLetter(c0) || c0 == '_') || c0 > 127)
        {
            return false;
        }
        return part.All(c => c < 128 && (char.IsLetterOrDigit(c) || c == '_' || c == '$'));
    }

    /// <summary><c>app.v_order</c> → <c>"app"."v_order"</c>.</summary>
    public static string Quote(string text) => string.Join(".", text.Split('.').Select(p => "\"" + p + "\""));
}
