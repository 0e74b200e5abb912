using System.Globalization;
using System.Text.Json;
using GraphQLParser.AST;

namespace FraiseQL.GraphQL;

/// <summary>
/// Input coercion of the built-in scalars (String, Int, Float, Boolean, ID) and FraiseQL's
/// (UUID, DateTime, Date, Time, Decimal, JSON), from document literals and from JSON variables,
/// into the contract's value model (string, long, double, decimal, bool, lists, dictionaries).
/// </summary>
internal static class ScalarCoercion
{
    /// <summary>Coerces a non-null, non-variable literal; throws <see cref="InputCoercionException"/>.</summary>
    public static object? FromLiteral(string scalar, GraphQLValue value)
    {
        switch (scalar)
        {
            case "Int":
                if (value is GraphQLIntValue i && long.TryParse(i.Value.Span, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) && l is >= int.MinValue and <= int.MaxValue)
                {
                    return l;
                }
                throw Bad(scalar, value, value is GraphQLIntValue ? "Int cannot represent non 32-bit signed integer value" : "Int cannot represent non-integer value");
            case "Float":
                if (value is GraphQLIntValue or GraphQLFloatValue && double.TryParse(NumberText(value), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d))
                {
                    return d;
                }
                throw Bad(scalar, value, "Float cannot represent non numeric value");
            case "String":
                return value is GraphQLStringValue s ? s.Value.ToString() : throw Bad(scalar, value, "String cannot represent a non string value");
            case "Boolean":
                return value is GraphQLBooleanValue b ? b.BoolValue : throw Bad(scalar, value, "Boolean cannot represent a non boolean value");
            case "ID":
                return value switch
                {
                    GraphQLStringValue s2 => s2.Value.ToString(),
                    GraphQLIntValue i2 => i2.Value.ToString(),
                    _ => throw Bad(scalar, value, "ID cannot represent a non-string and non-integer value"),
                };
            case "Decimal":
                if (value is GraphQLIntValue or GraphQLFloatValue or GraphQLStringValue
                    && decimal.TryParse(value is GraphQLStringValue sv ? sv.Value.Span : NumberText(value), NumberStyles.Float, CultureInfo.InvariantCulture, out var m))
                {
                    return m;
                }
                throw Bad(scalar, value, DecimalRefusal(value is GraphQLStringValue refused ? refused.Value.Span : NumberText(value)));
            case "UUID":
            case "DateTime":
            case "Date":
            case "Time":
                if (value is GraphQLStringValue text)
                {
                    return CheckText(scalar, text.Value.ToString(), value);
                }
                throw Bad(scalar, value, scalar + " cannot represent a non string value");
            default:
                return AnyFromLiteral(value);
        }
    }

    /// <summary>Coerces a non-null JSON variable value; throws <see cref="InputCoercionException"/>.</summary>
    public static object? FromJson(string scalar, JsonElement value)
    {
        switch (scalar)
        {
            case "Int":
                if (value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var dm) && dm == decimal.Truncate(dm) && dm is >= int.MinValue and <= int.MaxValue)
                {
                    return (long)dm;
                }
                throw BadJson(value, value.ValueKind == JsonValueKind.Number ? "Int cannot represent non 32-bit signed integer value" : "Int cannot represent non-integer value");
            case "Float":
                if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var d) && double.IsFinite(d))
                {
                    return d;
                }
                throw BadJson(value, "Float cannot represent non numeric value");
            case "String":
                return value.ValueKind == JsonValueKind.String ? value.GetString() : throw BadJson(value, "String cannot represent a non string value");
            case "Boolean":
                return value.ValueKind switch
                {
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,
                    _ => throw BadJson(value, "Boolean cannot represent a non boolean value"),
                };
            case "ID":
                if (value.ValueKind == JsonValueKind.String)
                {
                    return value.GetString();
                }
                if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var id))
                {
                    return id.ToString(CultureInfo.InvariantCulture);
                }
                throw BadJson(value, "ID cannot represent a non-string and non-integer value");
            case "Decimal":
                if (value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var m))
                {
                    return m;
                }
                if (value.ValueKind == JsonValueKind.String && decimal.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out m))
                {
                    return m;
                }
                throw BadJson(value, DecimalRefusal(value.ValueKind is JsonValueKind.Number or JsonValueKind.String ? (value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText()) : null));
            case "UUID":
            case "DateTime":
            case "Date":
            case "Time":
                if (value.ValueKind == JsonValueKind.String)
                {
                    return CheckText(scalar, value.GetString()!, null);
                }
                throw BadJson(value, scalar + " cannot represent a non string value");
            default:
                return AnyFromJson(value);
        }
    }

    /// <summary>JSON / opaque scalars: the value as the contract's value model.</summary>
    public static object? AnyFromJson(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Null:
            case JsonValueKind.Undefined:
                return null;
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            case JsonValueKind.String:
                return value.GetString();
            case JsonValueKind.Number:
                if (value.TryGetInt64(out var l))
                {
                    return l;
                }
                return value.TryGetDecimal(out var m) ? m : value.GetDouble();
            case JsonValueKind.Array:
                var list = new List<object?>(value.GetArrayLength());
                foreach (var item in value.EnumerateArray())
                {
                    list.Add(AnyFromJson(item));
                }
                return list;
            default:
                var dict = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var p in value.EnumerateObject())
                {
                    dict[p.Name] = AnyFromJson(p.Value);
                }
                return dict;
        }
    }

    private static object? AnyFromLiteral(GraphQLValue value)
    {
        switch (value)
        {
            case GraphQLNullValue:
                return null;
            case GraphQLBooleanValue b:
                return b.BoolValue;
            case GraphQLStringValue s:
                return s.Value.ToString();
            case GraphQLEnumValue e:
                return e.Name.StringValue;
            case GraphQLIntValue i:
                return long.TryParse(i.Value.Span, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) ? l : decimal.Parse(i.Value.Span, NumberStyles.Float, CultureInfo.InvariantCulture);
            case GraphQLFloatValue f:
                return decimal.TryParse(f.Value.Span, NumberStyles.Float, CultureInfo.InvariantCulture, out var m) ? m : double.Parse(f.Value.Span, NumberStyles.Float, CultureInfo.InvariantCulture);
            case GraphQLListValue list:
                return (list.Values ?? []).Select(AnyFromLiteral).ToList();
            case GraphQLObjectValue obj:
                var dict = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var f in obj.Fields ?? [])
                {
                    dict[f.Name.StringValue] = AnyFromLiteral(f.Value);
                }
                return dict;
            default:
                throw new InputCoercionException("Variables are not allowed inside JSON literals; pass the whole value as a variable.", value);
        }
    }

    private static string CheckText(string scalar, string text, GraphQLValue? node)
    {
        var ok = scalar switch
        {
            "UUID" => Guid.TryParseExact(text, "D", out _),
            "DateTime" => DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _) && text.Contains('T', StringComparison.OrdinalIgnoreCase)
                && HasUtcOffset(text),
            "Date" => DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
            "Time" => TimeOnly.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
            _ => true,
        };
        if (!ok)
        {
            var expected = scalar switch
            {
                "UUID" => "a UUID such as 123e4567-e89b-12d3-a456-426614174000",
                "DateTime" => "an RFC 3339 date-time with its UTC offset, such as 2024-01-31T12:00:00Z or 2024-01-31T13:00:00+01:00",
                "Date" => "an ISO 8601 date such as 2024-01-31",
                _ => "an ISO 8601 time such as 12:30:00",
            };
            throw new InputCoercionException($"{scalar} cannot represent \"{text}\": expected {expected}.", node);
        }
        return text;
    }

    /// <summary>
    /// RFC 3339 date-times end in <c>Z</c> or <c>±hh:mm</c>. Without one, PostgreSQL would read the value in the session's
    /// time zone, so the same request would mean different instants on differently configured servers.
    /// </summary>
    private static bool HasUtcOffset(string text) =>
        text.EndsWith('Z') || text.EndsWith('z')
        || (text.Length > 6 && text[^6] is '+' or '-' && char.IsAsciiDigit(text[^5]) && char.IsAsciiDigit(text[^4]) && text[^3] == ':'
            && char.IsAsciiDigit(text[^2]) && char.IsAsciiDigit(text[^1]));

    private static ReadOnlySpan<char> NumberText(GraphQLValue value) => value switch
    {
        GraphQLIntValue i => i.Value.Span,
        GraphQLFloatValue f => f.Value.Span,
        _ => [],
    };

    /// <summary>Why a Decimal was refused: a number beyond .NET's decimal (about ±7.9e28) is told apart from a non-number.</summary>
    private static string DecimalRefusal(ReadOnlySpan<char> text) =>
        text.Length > 0 && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)
            ? "Decimal cannot represent a value beyond ±79228162514264337593543950335"
            : "Decimal cannot represent a non numeric value";

    private static InputCoercionException Bad(string scalar, GraphQLValue value, string message) =>
        new($"{message}: {ValuePrinter.Print(value)}", value);

    private static InputCoercionException BadJson(JsonElement value, string message) =>
        new($"{message}: {value.GetRawText()}");
}
