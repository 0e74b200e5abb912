using System.Buffers;
using System.Globalization;
using System.Text.Json;
using FraiseQL.Execution;
using FraiseQL.Schema;

namespace FraiseQL.Events;

/// <summary>The body of a remote-query request: the field's coerced arguments as a JSON object with snake_case keys.</summary>
public static class RemoteQueryRequestBody
{
    public static byte[] Write(QueryDescriptor query, IReadOnlyDictionary<string, object?> arguments)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(arguments);
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in arguments)
            {
                var storageKey = query.Arguments.FirstOrDefault(a => a.Name == name)?.StorageKey ?? EventPayloadProjector.ToSnakeCase(name);
                writer.WritePropertyName(storageKey);
                WriteValue(writer, value);
            }
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteValue(Utf8JsonWriter writer, object? value)
    {
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
            case Guid g:
                writer.WriteStringValue(g);
                break;
            case IReadOnlyDictionary<string, object?> obj:
                writer.WriteStartObject();
                foreach (var (k, v) in obj)
                {
                    writer.WritePropertyName(EventPayloadProjector.ToSnakeCase(k));
                    WriteValue(writer, v);
                }
                writer.WriteEndObject();
                break;
            case IReadOnlyList<object?> list:
                writer.WriteStartArray();
                foreach (var item in list)
                {
                    WriteValue(writer, item);
                }
                writer.WriteEndArray();
                break;
            case IFormattable f:
                writer.WriteStringValue(f.ToString(null, CultureInfo.InvariantCulture));
                break;
            default:
                writer.WriteStringValue(value.ToString());
                break;
        }
    }
}
