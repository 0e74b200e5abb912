using System.Text;

namespace FraiseQL.Runtime.Security.Nats;

/// <summary>
/// Naming rules shared by the events runtime and the authorization config generator: streams
/// <c>FRAISEQL_&lt;SECOND TOKEN&gt;</c> covering <c>fraiseql.&lt;token&gt;.&gt;</c>, durable consumers
/// <c>&lt;service&gt;-&lt;subject with . → _&gt;</c>, dead letters <c>fraiseql.dlq.&lt;service&gt;.&lt;subject&gt;</c>, and a
/// per-service inbox prefix <c>_INBOX_&lt;service&gt;</c> (set as <c>NatsOpts.InboxPrefix</c>).
/// </summary>
public static class NatsSubjects
{
    public const string DeadLetterStream = "FRAISEQL_DLQ";

    /// <exception cref="ArgumentException">The subject is not <c>fraiseql.&lt;token&gt;.…</c>.</exception>
    public static string StreamFor(string subject)
    {
        var parts = subject.Split('.');
        if (parts.Length < 3 || parts[0] != "fraiseql" || parts[1].Length == 0 || parts[1] is "*" or ">")
        {
            throw new ArgumentException($"NATS subject '{subject}' must look like 'fraiseql.<domain>.<event>' (e.g. fraiseql.order.created)", nameof(subject));
        }
        return parts[1] == "dlq" ? DeadLetterStream : "FRAISEQL_" + parts[1].ToUpperInvariant();
    }

    public static string ConsumerName(string serviceName, string subject) => serviceName + "-" + subject.Replace('.', '_');

    public static string DeadLetterSubject(string serviceName, string subject) => $"fraiseql.dlq.{serviceName}.{subject}";

    /// <summary><c>_INBOX_order_service</c> for <c>order-service</c>: letters, digits and underscores only.</summary>
    public static string InboxPrefix(string serviceName) => Token("_INBOX_", serviceName);

    /// <summary>
    /// <c>_FRAISEQL_CACHE_order_service</c> for <c>order-service</c>: the core NATS subject on which the instances of a
    /// service announce result-cache invalidations to each other (outside <c>fraiseql.&gt;</c>, so no stream stores them).
    /// </summary>
    public static string CacheInvalidationSubject(string serviceName) => Token("_FRAISEQL_CACHE_", serviceName);

    private static string Token(string prefix, string serviceName)
    {
        var builder = new StringBuilder(prefix, prefix.Length + serviceName.Length);
        foreach (var c in serviceName)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) ? c : '_');
        }
        return builder.ToString();
    }
}
