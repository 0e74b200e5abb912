using FraiseQL.Schema;

namespace FraiseQL.Sql;

/// <summary>Leaf GraphQL types → <see cref="ScalarKind"/>, SQL casts and JSON read operators.</summary>
internal static class ScalarKinds
{
    public static ScalarKind Of(SchemaIndex schema, string namedType)
    {
        switch (namedType)
        {
            case "String": return ScalarKind.Text;
            case "ID": return ScalarKind.Id;
            case "UUID": return ScalarKind.Uuid;
            case "Int": return ScalarKind.Int;
            case "Float":
            case "Decimal": return ScalarKind.Numeric;
            case "Boolean": return ScalarKind.Boolean;
            case "DateTime": return ScalarKind.DateTime;
            case "Date": return ScalarKind.Date;
            case "Time": return ScalarKind.Time;
            case "JSON": return ScalarKind.Json;
        }
        if (schema.Enums.ContainsKey(namedType))
        {
            return ScalarKind.Enum;
        }
        if (schema.Scalars.TryGetValue(namedType, out var custom) && custom.BaseType is { } baseType && baseType != namedType)
        {
            return Of(schema, baseType);
        }
        return ScalarKind.Text;
    }

    /// <summary>SQL type the text extracted with <c>-&gt;&gt;</c> is cast to for comparison/ordering, or null (compare as text).</summary>
    public static string? SqlCast(ScalarKind kind) => kind switch
    {
        ScalarKind.Int => "bigint",
        ScalarKind.Numeric => "numeric",
        ScalarKind.Boolean => "boolean",
        ScalarKind.DateTime => "timestamptz",
        ScalarKind.Date => "date",
        ScalarKind.Time => "time",
        _ => null,
    };

    /// <summary>Read with <c>-&gt;&gt;</c> (JSON string in the response) rather than <c>-&gt;</c> (JSON type kept).</summary>
    public static bool ReadsAsText(ScalarKind kind) => kind is ScalarKind.Text or ScalarKind.Id or ScalarKind.Uuid or ScalarKind.Enum;
}
