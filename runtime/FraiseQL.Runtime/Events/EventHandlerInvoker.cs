using System.Collections.Concurrent;
using FraiseQL.Runtime.Security.EventIdentity;
using FraiseQL.Schema;
using NATS.Client.Core;
using Npgsql;
using NpgsqlTypes;

namespace FraiseQL.Events;

/// <summary>
/// Applies one event to this service's database exactly once, in one statement (hence one transaction, one round trip):
/// <code>
/// WITH inbox AS (INSERT INTO fraiseql.inbox (consumer, event_id) VALUES ($2, $3) ON CONFLICT DO NOTHING RETURNING 1)
/// SELECT "fn"($1::jsonb)::text FROM inbox
/// </code>
/// The handler runs once per inserted inbox row: a redelivered event finds its row, inserts nothing and is skipped.
/// If the handler fails, the inbox insert rolls back with it.
/// <para>With security registered (<paramref name="identity"/>), the event's identity (message headers: principal,
/// roles, tenant) is set by a <c>set_config</c> statement sent in the same batch, before the statement: still one
/// round trip and one (implicit) transaction, so RLS policies see the sender's tenant and a failing handler rolls
/// the inbox row back; handlers declared <c>(p_event jsonb, p_context jsonb)</c> also receive the context document
/// as <c>$4</c> (detected once per handler).</para>
/// </summary>
public sealed class EventHandlerInvoker(NpgsqlDataSource dataSource, EventHandlerIdentity? identity = null)
{
    private readonly ConcurrentDictionary<string, string> _statements = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _takesContext = new(StringComparer.Ordinal);

    public static string StatementFor(SubscribeDescriptor handler) => StatementFor(handler, withContext: false);

    /// <summary>The inbox + handler statement; with <paramref name="withContext"/>, <c>$4</c> is the p_context JSON.</summary>
    public static string StatementFor(SubscribeDescriptor handler, bool withContext)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return "WITH inbox AS (INSERT INTO fraiseql.inbox (consumer, event_id) VALUES ($2, $3) ON CONFLICT DO NOTHING RETURNING 1) " +
               "SELECT " + SqlIdentifier.Quote(handler.Handler) + (withContext ? "($1::jsonb, $4::jsonb)" : "($1::jsonb)") + "::text FROM inbox";
    }

    /// <summary>Returns true when the handler ran, false when the event had already been applied.</summary>
    public ValueTask<bool> InvokeAsync(SubscribeDescriptor handler, string consumer, Guid eventId, string payloadJson, CancellationToken cancellationToken) =>
        InvokeAsync(handler, consumer, eventId, payloadJson, headers: null, subject: handler?.Subject ?? "", cancellationToken);

    /// <summary>
    /// Returns true when the handler ran, false when the event had already been applied. <paramref name="headers"/> carry
    /// the sender's identity (applied when security is registered).
    /// </summary>
    public async ValueTask<bool> InvokeAsync(SubscribeDescriptor handler, string consumer, Guid eventId, string payloadJson,
        NatsHeaders? headers, string subject, CancellationToken cancellationToken) =>
        (await InvokeBatchAsync(handler, consumer, [new EventToApply(eventId, payloadJson, headers, subject)], cancellationToken).ConfigureAwait(false))[0];

    /// <summary>
    /// Applies several events of one handler in one batch, hence one implicit transaction and one round trip: per event
    /// its identity settings (when security is registered) and its inbox + handler statement. Returns, per event, whether
    /// the handler ran (false: already applied). Throws if any statement fails; then nothing of the batch is applied.
    /// </summary>
    public async ValueTask<bool[]> InvokeBatchAsync(SubscribeDescriptor handler, string consumer, IReadOnlyList<EventToApply> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(events);
        var applied = new bool[events.Count];
        if (events.Count == 0)
        {
            return applied;
        }
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var withContext = false;
        if (identity is not null && !_takesContext.TryGetValue(handler.Handler, out withContext))
        {
            withContext = await EventHandlerIdentity.HandlerTakesContextAsync(connection, handler.Handler, cancellationToken).ConfigureAwait(false);
            _takesContext[handler.Handler] = withContext;
        }
        var statement = _statements.GetOrAdd(handler.Handler + (withContext ? "|ctx" : ""), _ => StatementFor(handler, withContext));
        await using var batch = new NpgsqlBatch(connection);
        foreach (var e in events)
        {
            string? contextJson = null;
            if (identity is not null)
            {
                var (settings, context) = identity.Prepare(e.Headers, e.Subject, e.EventId.ToString());
                batch.BatchCommands.Add(settings);
                contextJson = withContext ? context : null;
            }
            var call = new NpgsqlBatchCommand(statement);
            AddParameters(call.Parameters, e.PayloadJson, consumer, e.EventId, contextJson);
            batch.BatchCommands.Add(call);
        }
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        // result sets in command order: [settings,] statement, per event; read each event's statement result
        var resultsPerEvent = identity is null ? 1 : 2;
        var position = 0;
        for (var i = 0; i < events.Count; i++)
        {
            for (var target = (i * resultsPerEvent) + resultsPerEvent - 1; position < target; position++)
            {
                await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            }
            applied[i] = await RanAsync(reader, cancellationToken).ConfigureAwait(false);
        }
        return applied;
    }

    private static void AddParameters(NpgsqlParameterCollection parameters, string payloadJson, string consumer, Guid eventId, string? contextJson)
    {
        parameters.Add(new NpgsqlParameter<string> { TypedValue = payloadJson, NpgsqlDbType = NpgsqlDbType.Text });
        parameters.Add(new NpgsqlParameter<string> { TypedValue = consumer });
        parameters.Add(new NpgsqlParameter<Guid> { TypedValue = eventId });
        if (contextJson is not null)
        {
            parameters.Add(new NpgsqlParameter<string> { TypedValue = contextJson, NpgsqlDbType = NpgsqlDbType.Text });
        }
    }

    private static async ValueTask<bool> RanAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        var ran = false;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            ran = true;
        }
        return ran;
    }
}
