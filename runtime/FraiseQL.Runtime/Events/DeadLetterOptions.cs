namespace FraiseQL.Events;

/// <summary>[observers.dead_letter].</summary>
public sealed class DeadLetterOptions
{
    /// <summary>Dead letters are published to <c>&lt;prefix&gt;.&lt;service&gt;.&lt;original subject&gt;</c>.</summary>
    public string SubjectPrefix { get; set; } = "fraiseql.dlq";
}
