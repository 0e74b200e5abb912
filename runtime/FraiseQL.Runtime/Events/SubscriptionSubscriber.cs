using System.Text.Json;
using System.Threading.Channels;
using FraiseQL.Execution;
using FraiseQL.GraphQL;
using FraiseQL.Schema;

namespace FraiseQL.Events;

/// <summary>One active GraphQL subscription on this instance: filters each event and queues its projection.</summary>
internal sealed class SubscriptionSubscriber(
    SubscriptionDescriptor subscription,
    FieldSelection field,
    SubscriptionFilter filter,
    JsonSelectionProjector projector,
    ChannelWriter<byte[]> writer)
{
    public SubscriptionDescriptor Subscription => subscription;

    /// <summary>Returns false when the event was filtered out.</summary>
    public bool Offer(JsonElement payload)
    {
        if (!filter.Matches(payload))
        {
            return false;
        }
        writer.TryWrite(projector.Project(payload, subscription.ReturnType, field));
        return true;
    }

    public void Complete() => writer.TryComplete();
}
