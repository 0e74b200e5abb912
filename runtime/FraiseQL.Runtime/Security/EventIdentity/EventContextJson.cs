using System.Buffers;
using System.Text.Json;
using FraiseQL.Execution;

namespace FraiseQL.Runtime.Security.EventIdentity;

/// <summary>
/// The <c>p_context jsonb</c> document passed as the optional second argument of an event handler:
/// <c>{"principal":…,"roles":[…],"tenant_id":…,"correlation_id":…,"traceparent":…,"audit":{…},"subject":…,"event_id":…}</c>.
/// </summary>
public static class EventContextJson
{
    public static string Build(RequestContext context, string subject, string? eventId)
    {
        ArgumentNullException.ThrowIfNull(context);
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            WriteNullable(writer, "principal", context.Principal);
            writer.WriteStartArray("roles");
            foreach (var role in context.Roles)
            {
                writer.WriteStringValue(role);
            }
            writer.WriteEndArray();
            WriteNullable(writer, "tenant_id", context.TenantId);
            writer.WriteString("correlation_id", context.CorrelationId);
            WriteNullable(writer, "traceparent", context.TraceParent);
            writer.WriteStartObject("audit");
            foreach (var (tag, value) in context.AuditTags.OrderBy(t => t.Key, StringComparer.Ordinal))
            {
                writer.WriteString(tag, value);
            }
            writer.WriteEndObject();
            writer.WriteString("subject", subject);
            WriteNullable(writer, "event_id", eventId);
            writer.WriteEndObject();
        }
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
