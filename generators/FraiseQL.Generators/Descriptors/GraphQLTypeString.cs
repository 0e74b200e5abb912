using System.Text;

namespace FraiseQL.Generators.Descriptors;

/// <summary>Normalizes schema.json type strings to GraphQL type references and takes them apart.</summary>
internal static class GraphQLTypeString
{
    /// <summary>
    /// <c>("[Order!]", nullable: false)</c> → <c>"[Order!]!"</c>. One trailing '!' on the input is
    /// stripped first (the <c>nullable</c> key decides); <c>Json</c> is rendered <c>JSON</c>, vector
    /// scalars as FraiseQL renders them. Null with <paramref name="error"/> set when malformed.
    /// </summary>
    public static string? Normalize(string raw, bool? nullable, bool defaultNullable, out string? error)
    {
        var text = raw.Trim();
        var trailingBang = text.EndsWith("!", System.StringComparison.Ordinal);
        if (trailingBang)
        {
            text = text.Substring(0, text.Length - 1);
        }
        var pos = 0;
        var sb = new StringBuilder();
        if (!ParseInner(text, ref pos, sb, out error))
        {
            return null;
        }
        if (pos != text.Length)
        {
            error = $"unexpected '{text[pos]}' at position {pos + 1}";
            return null;
        }
        var isNullable = nullable ?? (trailingBang ? false : defaultNullable);
        return isNullable ? sb.ToString() : sb + "!";
    }

    private static bool ParseInner(string s, ref int pos, StringBuilder sb, out string? error)
    {
        error = null;
        if (pos < s.Length && s[pos] == '[')
        {
            pos++;
            sb.Append('[');
            if (!ParseInner(s, ref pos, sb, out error))
            {
                return false;
            }
            if (pos < s.Length && s[pos] == '!')
            {
                pos++;
                sb.Append('!');
            }
            if (pos >= s.Length || s[pos] != ']')
            {
                error = "missing ']'";
                return false;
            }
            pos++;
            sb.Append(']');
            return true;
        }
        var start = pos;
        while (pos < s.Length && (char.IsLetterOrDigit(s[pos]) || s[pos] == '_'))
        {
            pos++;
        }
        if (pos == start || char.IsDigit(s[start]))
        {
            error = pos < s.Length ? $"expected a type name at '{s[pos]}'" : "expected a type name";
            return false;
        }
        var name = s.Substring(start, pos - start);
        sb.Append(name switch
        {
            "Json" => "JSON",
            "Vector" or "HalfVector" => "[Float!]",
            "BitVector" or "SparseVector" => "String",
            _ => name,
        });
        return true;
    }

    /// <summary>Innermost named type of <c>[Order!]!</c> → <c>Order</c>.</summary>
    public static string NamedType(string type) => type.Trim('[', ']', '!').Replace("!", "").Replace("[", "").Replace("]", "");

    public static bool IsNonNull(string type) => type.EndsWith("!", System.StringComparison.Ordinal);

    public static string Nullable(string type) => IsNonNull(type) ? type.Substring(0, type.Length - 1) : type;

    public static bool IsList(string type) => Nullable(type).StartsWith("[", System.StringComparison.Ordinal);

    /// <summary>Element type of a list type: <c>[Order!]!</c> → <c>Order!</c>.</summary>
    public static string ElementType(string type)
    {
        var t = Nullable(type);
        return t.Substring(1, t.Length - 2);
    }

    public static bool IsVectorName(string name) => name is "Vector" or "HalfVector" or "BitVector" or "SparseVector";
}
