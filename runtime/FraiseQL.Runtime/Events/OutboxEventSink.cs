using FraiseQL.Schema;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace FraiseQL.Events;

/// <summary>
/// <see cref="IMutationEventSink"/> of the transactional outbox: inserts one <c>fraiseql.outbox</c> row
/// (UUIDv7 id = event id, payload, envelope headers) in the mutation's own transaction and NOTIFYs
/// <c>fraiseql_outbox</c> (delivered on commit) so the relay wakes at once.
/// </summary>
public sealed class OutboxEventSink(EventServiceIdentity identity, ILogger<OutboxEventSink> logger) : IMutationEventSink
{
    public const string NotifyChannel = "fraiseql_outbox";

    private const string InsertSql =
        "WITH queued AS (INSERT INTO fraiseql.outbox (id, subject, payload, headers) VALUES ($1, $2, $3::jsonb, $4::jsonb) RETURNING id) " +
        "SELECT pg_notify('" + NotifyChannel + "', '') FROM queued";

    public async ValueTask WriteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, MutationEvent mutationEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(mutationEvent);
        var eventId = Guid.CreateVersion7();
        var payload = EventPayload.Build(mutationEvent.EntityJson, mutationEvent.MetadataJson);
        var headers = EventHeaderJson.Write(BuildHeaders(eventId, mutationEvent, identity.ServiceName));
        await using var cmd = new NpgsqlCommand(InsertSql, connection, transaction);
        cmd.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = eventId });
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = mutationEvent.Publish.Subject });
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = payload, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = headers, NpgsqlDbType = NpgsqlDbType.Text });
        await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        logger.LogDebug("Event {EventId} for mutation {Mutation} queued on {Subject} (correlation {CorrelationId})",
            eventId, mutationEvent.Mutation.Name, mutationEvent.Publish.Subject, mutationEvent.Context.CorrelationId);
    }

    public static List<KeyValuePair<string, string>> BuildHeaders(Guid eventId, MutationEvent e, string serviceName)
    {
        ArgumentNullException.ThrowIfNull(e);
        var id = eventId.ToString();
        var h = new List<KeyValuePair<string, string>>(16)
        {
            new(EventHeaderNames.MessageId, id),
            new(EventHeaderNames.EventId, id),
            new(EventHeaderNames.Subject, e.Publish.Subject),
            new(EventHeaderNames.Source, serviceName),
            new(EventHeaderNames.Mutation, e.Mutation.Name),
            new(EventHeaderNames.Operation, OperationName(e.Mutation.Operation)),
            new(EventHeaderNames.CorrelationId, e.Context.CorrelationId),
        };
        if (e.EntityType is { } type)
        {
            h.Add(new(EventHeaderNames.EntityType, type));
        }
        if (e.EntityId is { } entityId)
        {
            h.Add(new(EventHeaderNames.EntityId, entityId.ToString()));
        }
        if (e.Context.TraceParent is { } traceParent)
        {
            h.Add(new(EventHeaderNames.TraceParent, traceParent));
        }
        if (e.Context.Principal is { } principal)
        {
            h.Add(new(EventHeaderNames.Principal, principal));
        }
        if (e.Context.Roles.Count > 0)
        {
            h.Add(new(EventHeaderNames.Roles, string.Join(',', e.Context.Roles)));
        }
        if (e.Context.TenantId is { } tenant)
        {
            h.Add(new(EventHeaderNames.Tenant, tenant));
        }
        foreach (var (tag, value) in e.Context.AuditTags)
        {
            h.Add(new(EventHeaderNames.AuditPrefix + tag, value));
        }
        return h;
    }

    public static string OperationName(MutationOperation operation) => operation switch
    {
        MutationOperation.Insert => "CREATE",
        MutationOperation.Update => "UPDATE",
        MutationOperation.Delete => "DELETE",
        _ => "CUSTOM",
    };
}
