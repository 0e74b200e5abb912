using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using FraiseQL.Execution;
using NpgsqlTypes;

namespace FraiseQL.Sql;

/// <summary>
/// The <c>where</c> operators on a JSONB value (FORMATS D §3.3): a list field's <c>*ListFilter</c> and the JSON
/// scalar's array and length operators. The value is read with <c>-&gt;</c> (JSON kept), the operand is bound as one
/// <c>jsonb</c> (or <c>bigint</c>) parameter, always a parameter, never SQL text:
/// <list type="bullet">
/// <item><c>array_contains</c>, <c>strictly_contains</c>: <c>value @&gt; operand</c> (every operand element is in the
/// value; an object element matches an element that contains it)</item>
/// <item><c>array_contained_by</c> (<c>array_contained_in</c>, <c>contained_in</c>): <c>value &lt;@ operand</c></item>
/// <item><c>array_overlaps</c>: some operand element is in the value</item>
/// <item><c>len_eq</c> … <c>len_lte</c>: <c>jsonb_array_length</c> (a value that is not an array has no length, so it
/// never matches)</item>
/// <item><c>isnull</c> / <c>is_not_null</c>: missing or JSON <c>null</c>, or not</item>
/// </list>
/// </summary>
internal static class JsonbFilterCompiler
{
    /// <summary>Operator names a list field accepts, for error messages.</summary>
    public const string ListOperators =
        "array_contains, array_contained_by, array_overlaps, len_eq, len_neq, len_gt, len_gte, len_lt, len_lte, isnull, is_not_null";

    /// <summary>True for the operators this compiler handles on a JSON scalar (the others compare its text form).</summary>
    public static bool IsJsonOperator(string name) => Comparison(name) is { } comparison && comparison is not ("null" or "not null");

    /// <summary>
    /// Appends one operator's condition on <paramref name="jsonExpr"/> (a <c>jsonb</c> expression). For a list of
    /// leaves <paramref name="elementKind"/> says how each operand element is written; null means JSON as given. For a
    /// list of objects <paramref name="elements"/> writes the operand against the element type: keys recased to the
    /// storage keys (<c>{quantityAvailable: 0}</c> matches <c>"quantity_available": 0</c>), at any depth, each field
    /// checked like a direct <c>where</c> on it, an unknown key refused (<see cref="ObjectListOperandWriter"/>).
    /// </summary>
    public static void Append(SqlBuilder sql, string opName, object? operand, string jsonExpr, ScalarKind? elementKind,
        ObjectListOperandWriter? elements, FieldSelection field, string path)
    {
        var comparison = Comparison(opName)
            ?? throw SqlErrors.BadUserInput(field, $"{path}: unknown operator '{opName}'. Allowed on a list: {ListOperators}.");
        if (comparison is "null" or "not null")
        {
            if (operand is not bool flag)
            {
                throw SqlErrors.BadUserInput(field, $"{path}: expected true or false.");
            }
            var isNull = flag == (comparison == "null");
            sql.Append("coalesce(jsonb_typeof(").Append(jsonExpr).Append("), 'null')").Append(isNull ? " = 'null'" : " <> 'null'");
            return;
        }
        if (operand is null)
        {
            throw SqlErrors.BadUserInput(field, $"{path}: expected a value, got null (use isnull).");
        }
        if (opName.StartsWith("len_", StringComparison.Ordinal))
        {
            if (operand is not (long or int))
            {
                throw SqlErrors.BadUserInput(field, $"{path}: expected an integer length.");
            }
            sql.Append("jsonb_array_length(CASE WHEN jsonb_typeof(").Append(jsonExpr).Append(") = 'array' THEN ").Append(jsonExpr).Append(" END)")
                .Append(comparison).AppendParameter(Convert.ToInt64(operand, CultureInfo.InvariantCulture), NpgsqlDbType.Bigint);
            return;
        }
        var json = ToJson(operand, elementKind, elements, field, path);
        if (comparison == "overlaps")
        {
            if (operand is not IReadOnlyList<object?>)
            {
                throw SqlErrors.BadUserInput(field, $"{path}: expected a list.");
            }
            sql.Append("EXISTS (SELECT 1 FROM jsonb_array_elements(").AppendParameter(json, NpgsqlDbType.Jsonb)
                .Append(") AS o(v) WHERE ").Append(jsonExpr).Append(" @> jsonb_build_array(o.v))");
            return;
        }
        // a JSON null reads as SQL NULL, like a missing key: containment on it is unknown (as every other operator on a
        // null value is), not false, so _not of it does not match either
        sql.Append("nullif(").Append(jsonExpr).Append(", 'null')").Append(comparison).AppendParameter(json, NpgsqlDbType.Jsonb);
    }

    /// <summary>The SQL for an operator name (with FraiseQL's aliases), or null when it is not one of these.</summary>
    private static string? Comparison(string name) => name switch
    {
        "array_contains" or "strictly_contains" => " @> ",
        "array_contained_by" or "array_contained_in" or "contained_in" => " <@ ",
        "array_overlaps" => "overlaps",
        "len_eq" => " = ",
        "len_neq" => " <> ",
        "len_gt" => " > ",
        "len_gte" => " >= ",
        "len_lt" => " < ",
        "len_lte" => " <= ",
        "isnull" or "is_null" or "isNull" => "null",
        "is_not_null" or "isnotnull" or "isNotNull" => "not null",
        _ => null,
    };

    /// <summary>
    /// The operand as JSON text. Leaf elements are written as they are stored: numbers and booleans as JSON numbers
    /// and booleans, every other leaf (text, ids, UUIDs in canonical form, dates, enums) as a JSON string. A JSON
    /// scalar's operand keeps its keys as given; a list of objects' operand is written by <paramref name="elements"/>.
    /// </summary>
    private static string ToJson(object? operand, ScalarKind? elementKind, ObjectListOperandWriter? elements, FieldSelection field, string path)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            if (elements is not null)
            {
                elements.Write(writer, operand, path);
            }
            else
            {
                WriteValue(writer, operand, elementKind, field, path);
            }
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Writes a value as JSON: lists and objects as given (keys unchanged), leaves as <paramref name="kind"/> stores them.</summary>
    internal static void WriteValue(Utf8JsonWriter writer, object? value, ScalarKind? kind, FieldSelection field, string path)
    {
        switch (value)
        {
            case IReadOnlyList<object?> list:
                writer.WriteStartArray();
                foreach (var item in list)
                {
                    WriteValue(writer, item, kind, field, path);
                }
                writer.WriteEndArray();
                return;
            case IReadOnlyDictionary<string, object?> map:
                writer.WriteStartObject();
                foreach (var (key, item) in map)
                {
                    writer.WritePropertyName(key);
                    WriteValue(writer, item, kind, field, path);
                }
                writer.WriteEndObject();
                return;
            case null:
                writer.WriteNullValue();
                return;
            case bool b:
                writer.WriteBooleanValue(b);
                return;
        }
        if ((kind is null or ScalarKind.Json or ScalarKind.Int or ScalarKind.Numeric) && value is long or int or double or decimal)
        {
            JsonArgumentWriter.WriteNumber(writer, value);
            return;
        }
        writer.WriteStringValue(SqlValues.ToText(value, kind ?? ScalarKind.Text, field, path));
    }
}
