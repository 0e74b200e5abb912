using FraiseQL.Runtime.Security.Session;
using NATS.Client.Core;
using Npgsql;

namespace FraiseQL.Runtime.Security.EventIdentity;

/// <summary>
/// Runs an event handler "as" the event's sender: before the handler's SQL, the identity from the message headers
/// (principal, roles, tenant, correlation id) is set on the handler's transaction (so RLS policies apply to the
/// event's tenant), and the <c>p_context jsonb</c> document is built for handlers declared with a second parameter.
/// For the events consumer: <c>var ctx = await identity.ApplyAsync(conn, tx, msg.Headers, msg.Subject, eventId, ct);</c>
/// then <c>SELECT fn($1::jsonb, $2::jsonb)</c> with (payload, ctx) when <see cref="HandlerTakesContextAsync"/>, else
/// <c>SELECT fn($1::jsonb)</c>.
/// </summary>
public sealed class EventHandlerIdentity(PostgresSessionInitializer session)
{
    /// <summary>Sets the event's identity on <paramref name="transaction"/> and returns the p_context JSON.</summary>
    public async ValueTask<string> ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, NatsHeaders? headers, string subject, string? eventId, CancellationToken cancellationToken)
    {
        var context = IdentityHeaders.Read(headers);
        await session.InitializeAsync(connection, transaction, context, cancellationToken).ConfigureAwait(false);
        return EventContextJson.Build(context, subject, eventId);
    }

    /// <summary>
    /// The event's identity as one statement to send in the same batch as the handler call (one round trip; the batch is
    /// one implicit transaction, so the transaction-local settings apply to the handler and end with it), and the
    /// p_context JSON.
    /// </summary>
    public (NpgsqlBatchCommand Settings, string ContextJson) Prepare(NatsHeaders? headers, string subject, string? eventId)
    {
        var context = IdentityHeaders.Read(headers);
        return (session.CreateBatchCommand(context), EventContextJson.Build(context, subject, eventId));
    }

    /// <summary>Whether the handler function takes <c>(p_event jsonb, p_context jsonb)</c>.</summary>
    public static async ValueTask<bool> HandlerTakesContextAsync(NpgsqlConnection connection, string handlerName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = new NpgsqlCommand(
            "SELECT EXISTS (SELECT 1 FROM pg_proc WHERE proname = $1 AND pronargs = 2 AND proargtypes[0] = 'jsonb'::regtype AND proargtypes[1] = 'jsonb'::regtype AND pg_function_is_visible(oid))",
            connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = handlerName.Trim('"') });
        return (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>The handler call: <c>SELECT "fn"($1::jsonb, $2::jsonb)</c> or <c>SELECT "fn"($1::jsonb)</c>.</summary>
    public static string CallSql(string quotedHandler, bool withContext) =>
        withContext ? $"SELECT {quotedHandler}($1::jsonb, $2::jsonb)" : $"SELECT {quotedHandler}($1::jsonb)";
}
