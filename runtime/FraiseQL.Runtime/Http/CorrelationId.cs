using Microsoft.AspNetCore.Http;

namespace FraiseQL.Http;

/// <summary>The <c>X-Correlation-Id</c> of a request: the incoming one when well-formed (≤128 chars of [A-Za-z0-9._-]), else a new one.</summary>
public static class CorrelationId
{
    public const string HeaderName = "X-Correlation-Id";

    /// <summary>
    /// Gets (once per request) the correlation id and echoes it in the response header; the header also remembers it
    /// for the next call in the same request (no per-request items dictionary).
    /// </summary>
    public static string For(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.Response.Headers;
        if (response.TryGetValue(HeaderName, out var echoed) && echoed.Count == 1 && echoed[0] is { Length: > 0 } kept)
        {
            return kept;
        }
        var incoming = context.Request.Headers[HeaderName].ToString();
        var id = IsValid(incoming) ? incoming : NewId();
        response[HeaderName] = id;
        return id;
    }

    public static bool IsValid(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > 128)
        {
            return false;
        }
        foreach (var c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '_' or '-'))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// 32 lower-case hex digits laid out like a UUIDv7 without dashes: 48 bits of Unix milliseconds (ids sort by time),
    /// then 80 random bits from <see cref="Random.Shared"/>. A correlation id has to be unique, not unguessable, and
    /// <see cref="Guid.CreateVersion7()"/> reads /dev/urandom with a system call on every request (2 % of the service's
    /// CPU under load in perf).
    /// </summary>
    public static string NewId()
    {
        Span<byte> bytes = stackalloc byte[16];
        Random.Shared.NextBytes(bytes[6..]);
        var milliseconds = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        for (var i = 5; i >= 0; i--)
        {
            bytes[i] = (byte)milliseconds;
            milliseconds >>= 8;
        }
        bytes[6] = (byte)(0x70 | (bytes[6] & 0x0F)); // version 7
        bytes[8] = (byte)(0x80 | (bytes[8] & 0x3F)); // RFC 9562 variant
        return Convert.ToHexStringLower(bytes);
    }
}
