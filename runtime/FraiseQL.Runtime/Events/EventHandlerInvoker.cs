using FraiseQL.Schema;
using Npgsql;
using NpgsqlTypes;

namespace FraiseQL.Events;

/// <summary>
/// Applies one event to this service's database exactly once: in one transaction,
/// <c>INSERT INTO fraiseql.inbox … ON CONFLICT DO NOTHING</c> and — only if that inserted a row —
/// the handler <c>SELECT "fn"($1::jsonb)</c>; then COMMIT. A redelivered event finds its inbox row and is skipped.
/// </summary>
public sealed class EventHandlerInvoker(NpgsqlDataSource dataSource)
{
    private const string InboxSql = "INSERT INTO fraiseql.inbox (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING";

    /// <summary>Returns true when the handler ran, false when the event had already been applied.</summary>
    public async ValueTask<bool> InvokeAsync(SubscribeDescriptor handler, string consumer, Guid eventId, string payloadJson, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handler);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var inbox = new NpgsqlCommand(InboxSql, connection, tx))
        {
            inbox.Parameters.Add(new NpgsqlParameter<string> { TypedValue = consumer });
            inbox.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = eventId });
            if (await inbox.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
            {
                await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
                return false;
            }
        }
        await using (var call = new NpgsqlCommand(handler.Sql, connection, tx))
        {
            call.Parameters.Add(new NpgsqlParameter<string> { TypedValue = payloadJson, NpgsqlDbType = NpgsqlDbType.Text });
            await call.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }
}
