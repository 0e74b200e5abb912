using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace FraiseQL.Integration.Tests.Sql;

/// <summary>
/// The reference for <see cref="ListQueryModelTests"/>' filters: FraiseQL's <c>where</c> semantics (FORMATS §3.3) evaluated in
/// memory over a row's <c>data</c>, in SQL's three-valued logic. A comparison, pattern or membership test on a null
/// (or missing) value is unknown; <c>NOT</c> of unknown is unknown; a row is returned only when the whole filter is
/// true. Comparisons follow the field's declared type (Int as bigint, Float/Decimal as numeric, DateTime as instants,
/// Date as dates, Boolean false before true, String/ID/UUID as text in code-point order, which the test cluster's
/// C.UTF-8 collation uses); <c>eq</c>/<c>neq</c> null mean IS NULL / IS NOT NULL; <c>in []</c> is false and
/// <c>nin []</c> true, null or not. A list of strings (<c>[String!]</c>) takes the list operators.
/// </summary>
internal static class WhereModel
{
    /// <summary>A field's declared scalar: Int, Float, Decimal, Boolean, DateTime, Date, String, UUID; or an object type.</summary>
    public static bool? Evaluate(IReadOnlyDictionary<string, object?> where, JsonElement data, IReadOnlyDictionary<string, (string Key, string Type)> fields,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, (string Key, string Type)>> objects)
    {
        bool? result = true;
        foreach (var (key, value) in where)
        {
            bool? part = key switch
            {
                "_and" => ((IReadOnlyList<object?>)value!).Aggregate((bool?)true, (acc, item) => And(acc, Evaluate((IReadOnlyDictionary<string, object?>)item!, data, fields, objects))),
                "_or" => ((IReadOnlyList<object?>)value!).Aggregate((bool?)false, (acc, item) => Or(acc, Evaluate((IReadOnlyDictionary<string, object?>)item!, data, fields, objects))),
                "_not" => Not(Evaluate((IReadOnlyDictionary<string, object?>)value!, data, fields, objects)),
                _ => Field(fields[key], (IReadOnlyDictionary<string, object?>)value!, data, objects),
            };
            result = And(result, part);
        }
        return result;
    }

    private static bool? Field((string Key, string Type) field, IReadOnlyDictionary<string, object?> ops, JsonElement data,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, (string Key, string Type)>> objects)
    {
        var present = data.ValueKind == JsonValueKind.Object && data.TryGetProperty(field.Key, out var value) ? value : default;
        if (objects.TryGetValue(field.Type, out var nested))
        {
            // data->'owner': a missing or null object reads its fields as null
            return Evaluate(ops, present, nested, objects);
        }
        JsonElement? actual = present.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null ? null : present;
        bool? result = true;
        foreach (var (op, operand) in ops)
        {
            result = And(result, field.Type.StartsWith('[') ? ListOperator(op, operand, actual) : Operator(op, operand, actual, field.Type));
        }
        return result;
    }

    /// <summary>
    /// A list of strings stored as a JSON array: containment both ways (any array contains the empty list),
    /// overlap (false, not unknown, on null: an EXISTS over the operand's items), lengths, and null checks.
    /// </summary>
    private static bool? ListOperator(string op, object? operand, JsonElement? actual)
    {
        if (op is "isnull" or "is_not_null")
        {
            return (bool)operand! == (op == "isnull" ? actual is null : actual is not null);
        }
        var items = actual?.EnumerateArray().Select(e => e.GetString()!).ToHashSet(StringComparer.Ordinal);
        if (op == "array_overlaps")
        {
            return items is not null && ((IReadOnlyList<object?>)operand!).Any(o => items.Contains((string)o!));
        }
        if (items is null)
        {
            return null;
        }
        return op switch
        {
            "array_contains" => ((IReadOnlyList<object?>)operand!).All(o => items.Contains((string)o!)),
            "array_contained_by" => items.All(i => ((IReadOnlyList<object?>)operand!).Contains(i)),
            "len_eq" => actual!.Value.GetArrayLength() == (long)operand!,
            "len_neq" => actual!.Value.GetArrayLength() != (long)operand!,
            "len_gt" => actual!.Value.GetArrayLength() > (long)operand!,
            "len_gte" => actual!.Value.GetArrayLength() >= (long)operand!,
            "len_lt" => actual!.Value.GetArrayLength() < (long)operand!,
            "len_lte" => actual!.Value.GetArrayLength() <= (long)operand!,
            _ => throw new ArgumentException("no model for list operator " + op),
        };
    }

    private static bool? Operator(string op, object? operand, JsonElement? actual, string type)
    {
        switch (op)
        {
            case "isnull":
                return (bool)operand! == actual is null;
            case "is_not_null":
                return (bool)operand! == actual is not null;
            case "in" or "nin":
            {
                var list = (IReadOnlyList<object?>)operand!;
                bool? found = list.Count == 0 ? false : actual is null ? null : list.Any(item => Compare(actual.Value, item!, type) == 0);
                return op == "in" ? found : Not(found);
            }
        }
        if (operand is null)
        {
            return op == "eq" ? actual is null : actual is not null;
        }
        if (actual is null)
        {
            return null;
        }
        var text = actual.Value.ValueKind == JsonValueKind.String ? actual.Value.GetString()! : actual.Value.GetRawText();
        var pattern = operand as string;
        return op switch
        {
            "eq" => Compare(actual.Value, operand, type) == 0,
            "neq" => Compare(actual.Value, operand, type) != 0,
            "gt" => Compare(actual.Value, operand, type) > 0,
            "gte" => Compare(actual.Value, operand, type) >= 0,
            "lt" => Compare(actual.Value, operand, type) < 0,
            "lte" => Compare(actual.Value, operand, type) <= 0,
            "contains" => text.Contains(pattern!, StringComparison.Ordinal),
            "icontains" => text.Contains(pattern!, StringComparison.OrdinalIgnoreCase),
            "startswith" => text.StartsWith(pattern!, StringComparison.Ordinal),
            "istartswith" => text.StartsWith(pattern!, StringComparison.OrdinalIgnoreCase),
            "endswith" => text.EndsWith(pattern!, StringComparison.Ordinal),
            "iendswith" => text.EndsWith(pattern!, StringComparison.OrdinalIgnoreCase),
            "like" => Like(text, pattern!, ignoreCase: false),
            "ilike" => Like(text, pattern!, ignoreCase: true),
            "nlike" => !Like(text, pattern!, ignoreCase: false),
            "nilike" => !Like(text, pattern!, ignoreCase: true),
            "regex" => Regex.IsMatch(text, pattern!, RegexOptions.CultureInvariant),
            "iregex" => Regex.IsMatch(text, pattern!, RegexOptions.CultureInvariant | RegexOptions.IgnoreCase),
            "nregex" => !Regex.IsMatch(text, pattern!, RegexOptions.CultureInvariant),
            "niregex" => !Regex.IsMatch(text, pattern!, RegexOptions.CultureInvariant | RegexOptions.IgnoreCase),
            _ => throw new ArgumentException("no model for operator " + op),
        };
    }

    /// <summary>Two stored values of one field, compared as PostgreSQL compares them after the field's cast.</summary>
    public static int CompareValues(JsonElement a, JsonElement b, string type) => type switch
    {
        "Int" => a.GetInt64().CompareTo(b.GetInt64()),
        "Float" or "Decimal" => decimal.Parse(a.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture)
            .CompareTo(decimal.Parse(b.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture)),
        "Boolean" => a.GetBoolean().CompareTo(b.GetBoolean()),
        "DateTime" => DateTimeOffset.Parse(a.GetString()!, CultureInfo.InvariantCulture).UtcTicks.CompareTo(DateTimeOffset.Parse(b.GetString()!, CultureInfo.InvariantCulture).UtcTicks),
        "Date" => DateOnly.Parse(a.GetString()!, CultureInfo.InvariantCulture).CompareTo(DateOnly.Parse(b.GetString()!, CultureInfo.InvariantCulture)),
        _ => string.CompareOrdinal(a.GetString(), b.GetString()),
    };

    private static int Compare(JsonElement actual, object operand, string type) => type switch
    {
        "Int" => actual.GetInt64().CompareTo((long)operand),
        "Float" or "Decimal" => decimal.Parse(actual.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture)
            .CompareTo(operand is double d ? decimal.Parse(d.ToString("R", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture) : (decimal)operand),
        "Boolean" => actual.GetBoolean().CompareTo((bool)operand),
        "DateTime" => DateTimeOffset.Parse(actual.GetString()!, CultureInfo.InvariantCulture).UtcTicks.CompareTo(DateTimeOffset.Parse((string)operand, CultureInfo.InvariantCulture).UtcTicks),
        "Date" => DateOnly.Parse(actual.GetString()!, CultureInfo.InvariantCulture).CompareTo(DateOnly.Parse((string)operand, CultureInfo.InvariantCulture)),
        "UUID" => string.CompareOrdinal(actual.GetString(), Guid.Parse((string)operand).ToString("D")),
        _ => string.CompareOrdinal(actual.GetString(), (string)operand),
    };

    /// <summary>SQL LIKE: % any run, _ one character, backslash escapes the next character.</summary>
    private static bool Like(string text, string pattern, bool ignoreCase)
    {
        var regex = new System.Text.StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                regex.Append(Regex.Escape(pattern[++i].ToString()));
            }
            else
            {
                regex.Append(c switch { '%' => ".*", '_' => ".", _ => Regex.Escape(c.ToString()) });
            }
        }
        regex.Append('$');
        return Regex.IsMatch(text, regex.ToString(), RegexOptions.Singleline | RegexOptions.CultureInvariant | (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None));
    }

    private static bool? And(bool? a, bool? b) => a == false || b == false ? false : a is null || b is null ? null : true;

    private static bool? Or(bool? a, bool? b) => a == true || b == true ? true : a is null || b is null ? null : false;

    private static bool? Not(bool? a) => a is null ? null : !a;
}
