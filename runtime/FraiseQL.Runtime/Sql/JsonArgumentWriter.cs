using System.Buffers;
using System.Collections.Frozen;
using System.Text;
using System.Text.Json;
using FraiseQL.Schema;

namespace FraiseQL.Sql;

/// <summary>
/// Writes a coerced GraphQL input value as JSON for a <c>jsonb</c> parameter, with object keys
/// recased to the storage keys (the input type's declared <c>StorageKey</c>, else snake_case).
/// A value of a scalar type (<c>JSON</c>, or a custom scalar) is free-form data and is written as
/// the client sent it: its keys are not field names (FraiseQL leaves them untouched too).
/// </summary>
internal static class JsonArgumentWriter
{
    public static string Write(SchemaIndex schema, object? value, string? inputTypeName)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteValue(writer, schema, value, inputTypeName);
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Writes a coerced number (<c>long</c>, <c>int</c>, <c>double</c> or <c>decimal</c>) as a JSON number.</summary>
    internal static void WriteNumber(Utf8JsonWriter writer, object number)
    {
        switch (number)
        {
            case long l:
                writer.WriteNumberValue(l);
                break;
            case int i:
                writer.WriteNumberValue(i);
                break;
            case double d:
                writer.WriteNumberValue(d);
                break;
            case decimal m:
                writer.WriteNumberValue(m);
                break;
            default:
                throw new ArgumentException($"not a number: {number.GetType().Name}", nameof(number));
        }
    }

    /// <summary>
    /// Writes one coerced value of the type <paramref name="inputTypeName"/>; without a <paramref name="schema"/> or a
    /// type, object keys are snake_cased.
    /// </summary>
    internal static void WriteValue(Utf8JsonWriter writer, SchemaIndex? schema, object? value, string? inputTypeName)
    {
        if (schema is not null && inputTypeName is not null && schema.IsScalar(inputTypeName))
        {
            WriteAsGiven(writer, value);
            return;
        }
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string s:
                writer.WriteStringValue(s);
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case long or int or double or decimal:
                WriteNumber(writer, value);
                break;
            case Guid g:
                writer.WriteStringValue(g);
                break;
            case IReadOnlyDictionary<string, object?> map:
            {
                FrozenDictionary<string, InputFieldDescriptor>? fields = null;
                schema?.InputFields.TryGetValue(inputTypeName ?? "", out fields);
                writer.WriteStartObject();
                foreach (var (key, item) in map)
                {
                    InputFieldDescriptor? field = null;
                    fields?.TryGetValue(key, out field);
                    writer.WritePropertyName(field?.StorageKey ?? SnakeCase.Convert(key));
                    WriteValue(writer, schema, item, field is null ? null : TypeRef.Parse(field.Type).NamedType);
                }
                writer.WriteEndObject();
                break;
            }
            case IReadOnlyList<object?> list:
                writer.WriteStartArray();
                foreach (var item in list)
                {
                    WriteValue(writer, schema, item, inputTypeName);
                }
                writer.WriteEndArray();
                break;
            default:
                writer.WriteStringValue(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
                break;
        }
    }

    /// <summary>Writes a free-form (JSON scalar) value with its keys as given.</summary>
    private static void WriteAsGiven(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case IReadOnlyDictionary<string, object?> map:
                writer.WriteStartObject();
                foreach (var (key, item) in map)
                {
                    writer.WritePropertyName(key);
                    WriteAsGiven(writer, item);
                }
                writer.WriteEndObject();
                break;
            case IReadOnlyList<object?> list:
                writer.WriteStartArray();
                foreach (var item in list)
                {
                    WriteAsGiven(writer, item);
                }
                writer.WriteEndArray();
                break;
            default:
                WriteValue(writer, schema: null, value, inputTypeName: null);
                break;
        }
    }
}
