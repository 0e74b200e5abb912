using System.Diagnostics;
using FraiseQL.Hosting;
using NATS.Client.JetStream;

namespace FraiseQL.Events;

/// <summary>
/// The OpenTelemetry span of a consumer applying delivered events (OpenTelemetry's messaging conventions:
/// <c>process &lt;subject&gt;</c>, kind Consumer). One event continues the trace of the request that published it
/// (its <c>traceparent</c> header); a group applied in one transaction links to each event's trace instead. The
/// handler's SQL (Npgsql's spans) is recorded under it.
/// </summary>
internal static class EventProcessingActivity
{
    public static Activity? Start(string subject, string consumerName, IReadOnlyList<INatsJSMsg<byte[]>> messages)
    {
        var source = FraiseQLTelemetry.ActivitySource;
        if (!source.HasListeners())
        {
            return null;
        }
        ActivityContext parent = default;
        List<ActivityLink>? links = null;
        if (messages.Count == 1)
        {
            TryContext(messages[0], out parent);
        }
        else
        {
            foreach (var msg in messages)
            {
                if (TryContext(msg, out var context))
                {
                    (links ??= new List<ActivityLink>(messages.Count)).Add(new ActivityLink(context));
                }
            }
        }
        var activity = source.StartActivity(ActivityKind.Consumer, parent, links: links, name: "process " + subject);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("messaging.system", "nats");
            activity.SetTag("messaging.operation.type", "process");
            activity.SetTag("messaging.destination.name", subject);
            activity.SetTag("messaging.consumer.group.name", consumerName);
            if (messages.Count == 1)
            {
                activity.SetTag("messaging.message.id", EventHeaderJson.Get(messages[0].Headers, EventHeaderNames.EventId));
            }
            else
            {
                activity.SetTag("messaging.batch.message_count", messages.Count);
            }
        }
        return activity;
    }

    private static bool TryContext(INatsJSMsg<byte[]> msg, out ActivityContext context)
    {
        context = default;
        return EventHeaderJson.Get(msg.Headers, EventHeaderNames.TraceParent) is { Length: > 0 } traceParent
            && ActivityContext.TryParse(traceParent, traceState: null, isRemote: true, out context);
    }
}
