using System.Buffers;
using System.Text;
using System.Text.Json;

namespace FraiseQL.Events;

/// <summary>
/// The message body every handler receives as <c>p_event jsonb</c>: the mutation's entity object
/// (keys as stored) with an added <c>"metadata"</c> key holding mutation_response.metadata (or null).
/// </summary>
public static class EventPayload
{
    public static string Build(string? entityJson, string? metadataJson)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            if (!string.IsNullOrWhiteSpace(entityJson))
            {
                using var entity = JsonDocument.Parse(entityJson);
                if (entity.RootElement.ValueKind == JsonValueKind.Object)
                {
                    foreach (var property in entity.RootElement.EnumerateObject())
                    {
                        if (property.NameEquals("metadata"))
                        {
                            continue;
                        }
                        property.WriteTo(writer);
                    }
                }
            }
            writer.WritePropertyName("metadata");
            if (string.IsNullOrWhiteSpace(metadataJson))
            {
                writer.WriteNullValue();
            }
            else
            {
                writer.WriteRawValue(metadataJson);
            }
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
