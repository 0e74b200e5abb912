using Microsoft.AspNetCore.Http;

namespace FraiseQL.Http;

/// <summary>The <c>X-Correlation-Id</c> of a request: the incoming one when well-formed (≤128 chars of [A-Za-z0-9._-]), else a new one.</summary>
public static class CorrelationId
{
    public const string HeaderName = "X-Correlation-Id";

    private const string ItemKey = "FraiseQL.CorrelationId";

    /// <summary>Gets (once per request) the correlation id and echoes it in the response header.</summary>
    public static string For(HttpContext context)
    {
        if (context.Items.TryGetValue(ItemKey, out var existing) && existing is string s)
        {
            return s;
        }
        var incoming = context.Request.Headers[HeaderName].ToString();
        var id = IsValid(incoming) ? incoming : NewId();
        context.Items[ItemKey] = id;
        context.Response.Headers[HeaderName] = id;
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

    public static string NewId() => Guid.CreateVersion7().ToString("N");
}
