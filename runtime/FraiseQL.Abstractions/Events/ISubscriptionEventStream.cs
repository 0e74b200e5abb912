using FraiseQL.Execution;
using FraiseQL.Schema;

namespace FraiseQL.Events;

/// <summary>
/// Feeds a GraphQL subscription from NATS: yields, for every event on the subscription's topic
/// that passes its argument filters, the JSON value of the root field (the selection projected
/// over the event payload, response names as keys). Completes when cancelled.
/// </summary>
public interface ISubscriptionEventStream
{
    IAsyncEnumerable<ReadOnlyMemory<byte>> SubscribeAsync(SubscriptionDescriptor subscription, FieldSelection field, RequestContext context, CancellationToken cancellationToken);
}
