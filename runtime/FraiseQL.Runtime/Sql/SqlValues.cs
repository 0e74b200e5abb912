using System.Globalization;
using FraiseQL.Execution;

namespace FraiseQL.Sql;

/// <summary>Turns coerced GraphQL argument values into the text bound as SQL parameters.</summary>
internal static class SqlValues
{
    /// <summary>Text form of a leaf value (cast server-side to the field's type); null stays null.</summary>
    public static string? ToText(object? value, ScalarKind kind, FieldSelection field, string what)
    {
        switch (value)
        {
            case null:
                return null;
            case string s:
                if (kind is ScalarKind.Uuid or ScalarKind.Id && Guid.TryParse(s, out var g))
                {
                    return g.ToString("D");
                }
                if (kind == ScalarKind.Uuid)
                {
                    throw SqlErrors.BadUserInput(field, $"{what}: '{s}' is not a valid UUID.");
                }
                return s;
            case bool b:
                return b ? "true" : "false";
            case long l:
                return l.ToString(CultureInfo.InvariantCulture);
            case int i:
                return i.ToString(CultureInfo.InvariantCulture);
            case double d:
                return d.ToString("R", CultureInfo.InvariantCulture);
            case decimal m:
                return m.ToString(CultureInfo.InvariantCulture);
            case IFormattable f:
                return f.ToString(null, CultureInfo.InvariantCulture);
            default:
                throw SqlErrors.BadUserInput(field, $"{what}: expected a single value, got a list or an object.");
        }
    }
}
