namespace FraiseQL.Runtime.Security.Nats;

/// <summary>What one service does on NATS, as declared in its fraiseql.toml.</summary>
public sealed class NatsServiceProfile
{
    /// <summary><c>[project].name</c>.</summary>
    public required string ServiceName { get; init; }
    /// <summary><c>[[observers.publish]] subject</c> values (distinct, in order).</summary>
    public IReadOnlyList<string> PublishSubjects { get; init; } = [];
    /// <summary>Publish subjects feeding GraphQL subscriptions (<c>subscription_topic</c> set).</summary>
    public IReadOnlyList<string> SubscriptionFeedSubjects { get; init; } = [];
    /// <summary><c>[[observers.subscribe]] subject</c> values: one durable consumer each.</summary>
    public IReadOnlyList<string> SubscribeSubjects { get; init; } = [];
    /// <summary><c>[[observers.request]] subject</c> values: requests this service sends.</summary>
    public IReadOnlyList<string> RequestSubjects { get; init; } = [];
    /// <summary><c>[[observers.respond]] subject</c> values: requests this service answers.</summary>
    public IReadOnlyList<string> RespondSubjects { get; init; } = [];
    /// <summary>Credentials as written (placeholders unresolved when read for config generation).</summary>
    public NatsCredentialOptions Credentials { get; init; } = new();
    /// <summary><c>[observers.stream] name</c>: a fixed stream for this service's events (null = <c>FRAISEQL_&lt;TOKEN&gt;</c>).</summary>
    public string? StreamName { get; init; }
    /// <summary><c>[observers.dead_letter] subject_prefix</c> (default <c>fraiseql.dlq</c>).</summary>
    public string DeadLetterPrefix { get; init; } = "fraiseql.dlq";
    /// <summary>Directory of the fraiseql.toml (relative file paths are resolved against it).</summary>
    public string? BaseDirectory { get; init; }
}
