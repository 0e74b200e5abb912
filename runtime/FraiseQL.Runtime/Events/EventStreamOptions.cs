namespace FraiseQL.Events;

/// <summary>[observers.stream]: the JetStream stream(s) events are stored in.</summary>
public sealed class EventStreamOptions
{
    /// <summary>Fixed stream name; null = one stream per subject prefix of two tokens
    /// (<c>fraiseql.order.created</c> → <c>FRAISEQL_ORDER</c> with subjects <c>fraiseql.order.&gt;</c>).</summary>
    public string? Name { get; set; }

    /// <summary>"file" (default) or "memory".</summary>
    public string Storage { get; set; } = "file";

    /// <summary>"limits" (default), "interest" or "workqueue".</summary>
    public string Retention { get; set; } = "limits";

    /// <summary>Duration such as "7d", "12h", "30m", "45s", "500ms"; default "7d".</summary>
    public string MaxAge { get; set; } = "7d";

    public int Replicas { get; set; } = 1;

    /// <summary>-1 = unlimited.</summary>
    public long MaxBytes { get; set; } = -1;

    /// <summary>JetStream de-duplication window for Nats-Msg-Id, e.g. "2m" (default) or "1h".</summary>
    public string DuplicateWindow { get; set; } = "2m";
}
