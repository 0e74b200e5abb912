using System.Text;

namespace FraiseQL.Events;

/// <summary>
/// Why NATS could never take a message, whatever the retries: a header name it refuses (empty, a space, a colon, a
/// control or non-ASCII character: an audit tag key a caller chose, say), a header value with a line break, or headers
/// and body larger than the server's <c>max_payload</c>. The client throws on such a message before sending it, so an
/// outbox row carrying one would fail every attempt and, first in id order, hold back every claim after it. The relay
/// checks each message before publishing and dead-letters those that fail (<see cref="OutboxRelay"/>).
/// </summary>
public static class UnpublishableMessage
{
    /// <summary>"NATS/1.0\r\n" before the headers, "\r\n" after them.</summary>
    private const int HeaderFraming = 12;

    /// <summary>The <c>Nats-Msg-Id: &lt;event id&gt;\r\n</c> header the publish adds.</summary>
    private const int MessageIdHeader = 51;

    /// <summary>
    /// The reason the message cannot be published, or null when it can. <paramref name="maxPayload"/> is the server's
    /// <c>max_payload</c> (null while not yet connected: the size is then checked on a later attempt).
    /// </summary>
    public static string? ReasonOf(string subject, string payloadJson, IReadOnlyList<KeyValuePair<string, string>> headers, long? maxPayload)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(payloadJson);
        ArgumentNullException.ThrowIfNull(headers);
        long size = Encoding.UTF8.GetByteCount(payloadJson) + HeaderFraming + MessageIdHeader;
        foreach (var (name, value) in headers)
        {
            if (!IsValidHeaderName(name))
            {
                return $"header name \"{Shown(name)}\" is not valid in NATS (printable ASCII without spaces or ':')";
            }
            if (value.AsSpan().IndexOfAny('\r', '\n') >= 0)
            {
                return $"header {name} has a line break in its value";
            }
            size += name.Length + 4 + Encoding.UTF8.GetByteCount(value);
        }
        if (maxPayload is > 0 && size > maxPayload)
        {
            return $"message of {size} bytes (body and headers) exceeds the NATS server's max_payload of {maxPayload} bytes";
        }
        return null;
    }

    /// <summary>The reason <paramref name="message"/> cannot be published, or null (see <see cref="ReasonOf(string, string, IReadOnlyList{KeyValuePair{string, string}}, long?)"/>).</summary>
    public static string? ReasonOf(OutboxMessage message, long? maxPayload)
    {
        ArgumentNullException.ThrowIfNull(message);
        return ReasonOf(message.Subject, message.PayloadJson, message.Headers, maxPayload);
    }

    /// <summary>A NATS header name: one or more printable ASCII characters, none a space or ':'.</summary>
    public static bool IsValidHeaderName(string name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return false;
        }
        foreach (var c in name)
        {
            if (c is <= ' ' or >= (char)127 or ':')
            {
                return false;
            }
        }
        return true;
    }

    private static string Shown(string name) => name.Length <= 80 ? name : name[..80] + "…";
}
