using System.Buffers;
using System.Text;
using System.Text.Json;
using NATS.Client.Core;

namespace FraiseQL.Events;

/// <summary>Envelope headers ↔ the outbox's <c>headers jsonb</c> (a flat object of strings) ↔ <see cref="NatsHeaders"/>.</summary>
public static class EventHeaderJson
{
    public static string Write(IEnumerable<KeyValuePair<string, string>> headers)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in headers)
            {
                writer.WriteString(name, value);
            }
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static List<KeyValuePair<string, string>> Read(string json)
    {
        var result = new List<KeyValuePair<string, string>>();
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return result;
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            reader.Read();
            if (reader.TokenType == JsonTokenType.String)
            {
                result.Add(new(name, reader.GetString()!));
            }
            else
            {
                reader.Skip();
            }
        }
        return result;
    }

    public static NatsHeaders ToNatsHeaders(IEnumerable<KeyValuePair<string, string>> headers)
    {
        var nats = new NatsHeaders();
        foreach (var (name, value) in headers)
        {
            nats[name] = value;
        }
        return nats;
    }

    public static List<KeyValuePair<string, string>> FromNatsHeaders(NatsHeaders? headers)
    {
        var result = new List<KeyValuePair<string, string>>();
        if (headers is null)
        {
            return result;
        }
        foreach (var (name, values) in headers)
        {
            result.Add(new(name, values.ToString()));
        }
        return result;
    }

    public static string? Get(NatsHeaders? headers, string name) =>
        headers is not null && headers.TryGetValue(name, out var values) && values.Count > 0 ? values[^1] : null;
}
