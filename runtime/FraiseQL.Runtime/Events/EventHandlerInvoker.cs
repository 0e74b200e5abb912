using System.Collections.Concurrent;
using FraiseQL.Schema;
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
/// </summary>
public sealed class EventHandlerInvoker(NpgsqlDataSource dataSource)
{
    private readonly ConcurrentDictionary<string, string> _statements = new(StringComparer.Ordinal);

    public static string StatementFor(SubscribeDescriptor handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return "WITH inbox AS (INSERT INTO fraiseql.inbox (consumer, event_id) VALUES ($2, $3) ON CONFLICT DO NOTHING RETURNING 1) " +
               "SELECT " + SqlIdentifier.Quote(handler.Handler) + "($1::jsonb)::text FROM inbox";
    }

    /// <summary>Returns true when the handler ran, false when the event had already been applied.</summary>
    public async ValueTask<bool> InvokeAsync(SubscribeDescriptor handler, string consumer, Guid eventId, string payloadJson, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var sql = _statements.GetOrAdd(handler.Handler, _ => StatementFor(handler));
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var call = new NpgsqlCommand(sql, connection);
        call.Parameters.Add(new NpgsqlParameter<string> { TypedValue = payloadJson, NpgsqlDbType = NpgsqlDbType.Text });
        call.Parameters.Add(new NpgsqlParameter<string> { TypedValue = consumer });
        call.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = eventId });
        var ran = false;
        await using (var reader = await call.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                ran = true;
            }
        }
        return ran;
    }
}
