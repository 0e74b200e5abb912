namespace FraiseQL.Events;

/// <summary>
/// The last <c>capacity</c> event ids seen, oldest forgotten first. A subscription fan-out reads core NATS, which
/// delivers every publish of an event, including a second one that JetStream itself discards as a duplicate
/// (<c>Nats-Msg-Id</c>): the relay's two paths overlapping, or a publish retried after a lost ack. Such copies
/// arrive close together, so a bounded window is enough. Single-threaded (one per fan-out pump).
/// </summary>
internal sealed class RecentEventIds(int capacity)
{
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    /// <summary>Records <paramref name="eventId"/>; false when it was already among the recent ids.</summary>
    public bool Add(string eventId)
    {
        if (!_seen.Add(eventId))
        {
            return false;
        }
        _order.Enqueue(eventId);
        if (_order.Count > capacity)
        {
            _seen.Remove(_order.Dequeue());
        }
        return true;
    }
}
