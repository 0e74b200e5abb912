using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace FraiseQL.Runtime.Security.Audit;

/// <summary>Serializes an <see cref="AuditEntry"/> to one JSON line (Utf8JsonWriter, no reflection).</summary>
public static class AuditEntryJson
{
    public static void Write(AuditEntry entry, IBufferWriter<byte> output)
    {
        using var writer = new Utf8JsonWriter(output);
        writer.WriteStartObject();
        writer.WriteString("time", entry.Time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        writer.WriteString("kind", entry.Kind);
        writer.WriteString("action", entry.Action);
        WriteNullable(writer, "principal", entry.Principal);
        writer.WriteStartArray("roles");
        foreach (var role in entry.Roles)
        {
            writer.WriteStringValue(role);
        }
        writer.WriteEndArray();
        WriteNullable(writer, "tenant", entry.Tenant);
        WriteNullable(writer, "target_type", entry.TargetType);
        WriteNullable(writer, "target_id", entry.TargetId);
        writer.WriteString("outcome", entry.Outcome);
        writer.WriteString("correlation_id", entry.CorrelationId);
        if (entry.Handler is not null)
        {
            writer.WriteString("handler", entry.Handler);
        }
        if (entry.Tags is { Count: > 0 } tags)
        {
            writer.WriteStartObject("tags");
            foreach (var (key, value) in tags.OrderBy(t => t.Key, StringComparer.Ordinal))
            {
                writer.WriteString(key, value);
            }
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
    }

    public static string ToJson(AuditEntry entry)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        Write(entry, buffer);
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteNullable(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }
}
