using FraiseQL.Schema;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace FraiseQL.Events;

/// <summary>
/// <see cref="IMutationEventSink"/> of the transactional outbox: inserts one <c>fraiseql.outbox</c> row
/// (id = event id from <see cref="EventIds"/>, payload, envelope headers) in the mutation's own transaction; the executor
/// sends that insert in one batch with COMMIT. With a relay in this process the committed event is then handed to it
/// (<see cref="OutboxRelay.TryPublishCommitted"/>) and published at once; without one, the insert also sends
/// <c>NOTIFY fraiseql_outbox</c> (delivered on commit) to wake the relays of other processes. Rows written through
/// <see cref="WriteAsync"/> (the caller commits) always NOTIFY.
/// </summary>
public sealed class OutboxEventSink(EventServiceIdentity identity, ILogger<OutboxEventSink> logger, OutboxRelay? localRelay = null) : IMutationEventSink
{
    public const string NotifyChannel = "fraiseql_outbox";

    private const string InsertSql = "INSERT INTO fraiseql.outbox (id, subject, payload, headers) VALUES ($1, $2, $3::jsonb, $4::jsonb)";

    private const string InsertAndNotifySql =
        "WITH queued AS (" + InsertSql + " RETURNING id) SELECT pg_notify('" + NotifyChannel + "', '') FROM queued";

    public async ValueTask WriteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, MutationEvent mutationEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var batch = new NpgsqlBatch(connection, transaction) { BatchCommands = { Prepare(mutationEvent, notify: true).Command } };
        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public PendingEventWrite PrepareWrite(MutationEvent mutationEvent) => Prepare(mutationEvent, notify: localRelay is null);

    private PendingEventWrite Prepare(MutationEvent mutationEvent, bool notify)
    {
        ArgumentNullException.ThrowIfNull(mutationEvent);
        var eventId = EventIds.Next();
        var payload = EventPayload.Build(mutationEvent.EntityJson, mutationEvent.MetadataJson);
        var headerList = BuildHeaders(eventId, mutationEvent, identity.ServiceName);
        var headers = EventHeaderJson.Write(headerList);
        var command = new NpgsqlBatchCommand(notify ? InsertAndNotifySql : InsertSql);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = eventId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = mutationEvent.Publish.Subject });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = payload, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = headers, NpgsqlDbType = NpgsqlDbType.Text });
        if (logger.IsEnabled(LogLevel.Debug))
        {
            logger.LogDebug("Event {EventId} for mutation {Mutation} written to the outbox on {Subject} (correlation {CorrelationId})",
                eventId, mutationEvent.Mutation.Name, mutationEvent.Publish.Subject, mutationEvent.Context.CorrelationId);
        }
        if (notify || localRelay is not { } relay)
        {
            return new PendingEventWrite(command);
        }
        var message = new OutboxMessage(eventId, mutationEvent.Publish.Subject, payload, headerList);
        return new PendingEventWrite(command, () => relay.TryPublishCommitted(message));
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
