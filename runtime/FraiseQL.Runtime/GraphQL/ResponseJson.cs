using System.Buffers;
using System.Globalization;
using System.Text.Json;
using FraiseQL.Execution;

namespace FraiseQL.GraphQL;

/// <summary>Writes spec-shaped response parts: errors (message, locations, path, extensions.code) and error-only bodies.</summary>
public static class ResponseJson
{
    private static readonly JsonWriterOptions WriterOptions = new() { SkipValidation = false };

    /// <summary>
    /// One subscription event as a GraphQL response, <c>{"data":{"&lt;response name&gt;": value}}</c>, with the event's JSON
    /// passed through (the payload of a WebSocket <c>next</c> message and the data of a Server-Sent <c>next</c> event).
    /// </summary>
    public static void WriteSubscriptionEvent(Utf8JsonWriter w, string responseName, ReadOnlySpan<byte> value)
    {
        w.WriteStartObject();
        w.WritePropertyName("data");
        w.WriteStartObject();
        w.WritePropertyName(responseName);
        w.WriteRawValue(value, skipInputValidation: true);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>A subscription on a service with no event stream to serve it (no NATS configured).</summary>
    public static GraphQLError NoEventStream() =>
        new("Subscriptions are not available: no event stream (NATS) is configured for this service.", "SERVICE_UNAVAILABLE");

    public static void WriteErrors(Utf8JsonWriter w, IReadOnlyList<GraphQLError> errors)
    {
        w.WritePropertyName("errors");
        w.WriteStartArray();
        foreach (var e in errors)
        {
            WriteError(w, e);
        }
        w.WriteEndArray();
    }

    public static void WriteError(Utf8JsonWriter w, GraphQLError e)
    {
        w.WriteStartObject();
        w.WriteString("message", e.Message);
        if (e.Locations.Count > 0)
        {
            w.WritePropertyName("locations");
            w.WriteStartArray();
            foreach (var l in e.Locations)
            {
                w.WriteStartObject();
                w.WriteNumber("line", l.Line);
                w.WriteNumber("column", l.Column);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        if (e.Path.Count > 0)
        {
            w.WritePropertyName("path");
            w.WriteStartArray();
            foreach (var p in e.Path)
            {
                if (p is int i)
                {
                    w.WriteNumberValue(i);
                }
                else
                {
                    w.WriteStringValue(Convert.ToString(p, CultureInfo.InvariantCulture));
                }
            }
            w.WriteEndArray();
        }
        w.WritePropertyName("extensions");
        w.WriteStartObject();
        w.WriteString("code", e.Code);
        if (e.Extensions is not null)
        {
            foreach (var (key, value) in e.Extensions)
            {
                if (key == "code")
                {
                    continue;
                }
                switch (value)
                {
                    case null: w.WriteNull(key); break;
                    case string s: w.WriteString(key, s); break;
                    case bool b: w.WriteBoolean(key, b); break;
                    case int i: w.WriteNumber(key, i); break;
                    case long l: w.WriteNumber(key, l); break;
                    case double d: w.WriteNumber(key, d); break;
                    case decimal m: w.WriteNumber(key, m); break;
                    default: w.WriteString(key, Convert.ToString(value, CultureInfo.InvariantCulture)); break;
                }
            }
        }
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>A response with only <c>errors</c> (request errors: no <c>data</c> entry, per spec).</summary>
    public static byte[] ErrorsOnly(params GraphQLError[] errors) => ErrorsOnly((IReadOnlyList<GraphQLError>)errors);

    public static byte[] ErrorsOnly(IReadOnlyList<GraphQLError> errors)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            w.WriteStartObject();
            WriteErrors(w, errors);
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
