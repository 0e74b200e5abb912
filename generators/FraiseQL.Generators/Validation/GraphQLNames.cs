namespace FraiseQL.Generators.Validation;

/// <summary>GraphQL's Name rule (<c>/[_A-Za-z][_0-9A-Za-z]*/</c>, no <c>__</c> prefix: reserved for introspection;
/// enum values also not <c>true</c>, <c>false</c>, <c>null</c>).</summary>
internal static class GraphQLNames
{
    /// <summary>Why <paramref name="name"/> is not a GraphQL name, or null when it is one.</summary>
    public static string? Problem(string name, bool enumValue = false)
    {
        if (name.Length == 0)
        {
            return "it is empty";
        }
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            var letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
            var digit = c >= '0' && c <= '9';
            if (i == 0 && digit)
            {
                return "it starts with a digit";
            }
            if (!letter && !digit)
            {
                return $"'{c}' is not allowed";
            }
        }
        if (name.StartsWith("__", System.StringComparison.Ordinal))
        {
            return "names starting with \"__\" are reserved for introspection";
        }
        if (enumValue && name is "true" or "false" or "null")
        {
            return "an enum value cannot be true, false or null";
        }
        return null;
    }
}
