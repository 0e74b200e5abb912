namespace FraiseQL.Execution;

/// <summary>
/// Who is asking and why: carried from the HTTP/WebSocket request into every SQL call
/// (SET LOCAL, inject_params) and every NATS message (headers).
/// </summary>
public sealed class RequestContext
{
    /// <summary>Correlation id from the incoming header (X-Correlation-Id) or generated.</summary>
    public required string CorrelationId { get; init; }

    /// <summary>W3C traceparent of the current activity, if any.</summary>
    public string? TraceParent { get; init; }

    /// <summary>Authenticated subject (JWT <c>sub</c>), null for anonymous callers.</summary>
    public string? Principal { get; init; }

    public IReadOnlyList<string> Roles { get; init; } = [];

    public IReadOnlyList<string> Scopes { get; init; } = [];

    public string? TenantId { get; init; }

    /// <summary>Flat claim name → value (string; arrays joined with ',') used by inject_params and SET LOCAL.</summary>
    public IReadOnlyDictionary<string, string> Claims { get; init; } = EmptyClaims;

    /// <summary>Audit tags (e.g. from the X-Audit-Tags header) copied into event headers.</summary>
    public IReadOnlyDictionary<string, string> AuditTags { get; init; } = EmptyClaims;

    /// <summary>
    /// When the caller's credentials expire (the token's <c>exp</c>); null when they do not. A long-lived connection
    /// (a WebSocket, a Server-Sent Events stream) ends then, so a token outlives no session.
    /// </summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    public bool IsAuthenticated => Principal is not null;

    public static readonly IReadOnlyDictionary<string, string> EmptyClaims = new Dictionary<string, string>();

    public static RequestContext Anonymous(string correlationId) => new() { CorrelationId = correlationId };
}
