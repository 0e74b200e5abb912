namespace FraiseQL.Events;

/// <summary>The resolved service name (options.ServiceName, else the schema's) used in consumers, queue groups and headers.</summary>
public sealed class EventServiceIdentity(string serviceName)
{
    public string ServiceName { get; } = serviceName;

    /// <summary>Durable consumer name of an [[observers.subscribe]] entry: <c>&lt;service&gt;-&lt;suffix&gt;</c>.</summary>
    public string ConsumerName(string consumerSuffix) => Sanitize(ServiceName) + "-" + Sanitize(consumerSuffix);

    private static string Sanitize(string s)
    {
        Span<char> buffer = s.Length <= 256 ? stackalloc char[s.Length] : new char[s.Length];
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            buffer[i] = c is '.' or '*' or '>' or ' ' or '/' or '\\' ? '_' : c;
        }
        return new string(buffer);
    }
}
