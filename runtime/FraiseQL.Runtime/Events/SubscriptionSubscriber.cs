using System.Text.Json;
using System.Threading.Channels;
using FraiseQL.Execution;
using FraiseQL.GraphQL;
using FraiseQL.Schema;

namespace FraiseQL.Events;

/// <summary>
/// One active GraphQL subscription on this instance: filters each event and queues its projection. An event goes only to
/// subscribers of its own tenant: its <c>FraiseQL-Tenant</c> header (the tenant of the caller whose mutation caused it)
/// must equal the subscriber's <see cref="RequestContext.TenantId"/>, an event without a tenant going only to subscribers
/// without one. Without that, every tenant's events reached every subscriber, whatever arguments it passed.
/// </summary>
internal sealed class SubscriptionSubscriber(
    SubscriptionDescriptor subscription,
    FieldSelection field,
    SubscriptionFilter filter,
    JsonSelectionProjector projector,
    ChannelWriter<byte[]> writer,
    string? tenant)
{
    public SubscriptionDescriptor Subscription => subscription;

    /// <summary>Returns false when the event was filtered out (another tenant's, or not matching the arguments).</summary>
    public bool Offer(JsonElement payload, string? eventTenant)
    {
        if (!string.Equals(NullIfEmpty(eventTenant), NullIfEmpty(tenant), StringComparison.Ordinal) || !filter.Matches(payload))
        {
            return false;
        }
        writer.TryWrite(projector.Project(payload, subscription.ReturnType, field));
        return true;
    }

    public void Complete() => writer.TryComplete();

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
