namespace FraiseQL.Runtime.Security.Nats;

/// <summary>The subjects one service may publish and subscribe to, derived from its <see cref="NatsServiceProfile"/>.</summary>
public sealed class NatsUserPermissions
{
    public required IReadOnlyList<string> PublishAllow { get; init; }
    public required IReadOnlyList<string> SubscribeAllow { get; init; }
    /// <summary>True when the service answers requests ([[observers.respond]]): it may publish to their reply subjects.</summary>
    public bool AllowResponses { get; init; }

    /// <param name="streamFor">Stream storing a subject (default <see cref="NatsSubjects.StreamFor"/>, or the service's own
    /// <c>[observers.stream] name</c> for its publish subjects); the generator passes the publishers' custom names.</param>
    public static NatsUserPermissions For(NatsServiceProfile service, Func<string, string>? streamFor = null)
    {
        ArgumentNullException.ThrowIfNull(service);
        streamFor ??= NatsSubjects.StreamFor;
        string OwnStream(string subject) => service.StreamName ?? streamFor(subject);
        var publish = new List<string>();
        var subscribe = new List<string>();
        void Pub(string s) { if (!publish.Contains(s, StringComparer.Ordinal)) { publish.Add(s); } }
        void Sub(string s) { if (!subscribe.Contains(s, StringComparer.Ordinal)) { subscribe.Add(s); } }

        var inbox = NatsSubjects.InboxPrefix(service.ServiceName);
        Sub(inbox + ".>");
        // the service's instances tell each other which cached query results to drop
        var cache = NatsSubjects.CacheInvalidationSubject(service.ServiceName);
        Pub(cache);
        Sub(cache);

        if (service.PublishSubjects.Count > 0 || service.SubscribeSubjects.Count > 0)
        {
            Pub("$JS.API.INFO");
            Pub("$JS.API.STREAM.NAMES"); // lookup of the stream storing a subject (names only)
        }
        foreach (var subject in service.PublishSubjects)
        {
            Pub(subject);
            var stream = OwnStream(subject);
            Pub($"$JS.API.STREAM.INFO.{stream}");
            Pub($"$JS.API.STREAM.CREATE.{stream}");
            Pub($"$JS.API.STREAM.UPDATE.{stream}");
        }
        foreach (var subject in service.SubscriptionFeedSubjects)
        {
            Sub(subject); // GraphQL subscriptions of every instance listen to the events they publish
        }
        foreach (var subject in service.SubscribeSubjects)
        {
            var stream = streamFor(subject);
            var consumer = NatsSubjects.ConsumerName(service.ServiceName, subject);
            Pub($"$JS.API.STREAM.INFO.{stream}");
            Pub($"$JS.API.STREAM.CREATE.{stream}");
            Pub($"$JS.API.CONSUMER.CREATE.{stream}.{consumer}");
            Pub($"$JS.API.CONSUMER.CREATE.{stream}.{consumer}.>");
            Pub($"$JS.API.CONSUMER.DURABLE.CREATE.{stream}.{consumer}");
            Pub($"$JS.API.CONSUMER.INFO.{stream}.{consumer}");
            Pub($"$JS.API.CONSUMER.MSG.NEXT.{stream}.{consumer}");
            Pub($"$JS.ACK.{stream}.{consumer}.>");
        }
        if (service.SubscribeSubjects.Count > 0)
        {
            var dlq = NatsSubjects.DeadLetterStream;
            Pub($"{service.DeadLetterPrefix}.{service.ServiceName}.>");
            Pub($"$JS.API.STREAM.INFO.{dlq}");
            Pub($"$JS.API.STREAM.CREATE.{dlq}");
            Pub($"$JS.API.STREAM.UPDATE.{dlq}");
        }
        foreach (var subject in service.RequestSubjects)
        {
            Pub(subject);
        }
        foreach (var subject in service.RespondSubjects)
        {
            Sub(subject);
        }
        return new NatsUserPermissions
        {
            PublishAllow = publish,
            SubscribeAllow = subscribe,
            AllowResponses = service.RespondSubjects.Count > 0,
        };
    }
}
