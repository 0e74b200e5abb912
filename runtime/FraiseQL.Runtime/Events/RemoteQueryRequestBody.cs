using System.Buffers;
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
                var storageKey = query.Arguments.FirstOrDefault(a => a.Name == name)?.StorageKey ?? FraiseQL.Sql.SnakeCase.Convert(name);
                writer.WritePropertyName(storageKey);
                FraiseQL.Sql.JsonArgumentWriter.WriteValue(writer, schema: null, value, inputTypeName: null);
            }
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
