using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using NATS.Client.Core;
using NATS.Client.JetStream;
using Npgsql;
using NpgsqlTypes;

namespace FraiseQL.Events;

/// <summary>
/// The <c>fraiseql.dead_letter</c> table plus the dead-letter subject
/// (<c>&lt;prefix&gt;.&lt;service&gt;.&lt;original subject&gt;</c>): record, list and replay events a consumer gave up on.
/// </summary>
public sealed class DeadLetterStore(
    NpgsqlDataSource dataSource,
    INatsJSContext js,
    EventStreamTopology topology,
    EventServiceIdentity identity,
    FraiseQLEventsOptions options,
    ILogger<DeadLetterStore> logger)
{
    /// <summary>
    /// Inserts the row unless the consumer already has this event pending (a TERM whose ack was lost, or an INSERT whose
    /// outcome was unknown and was retried: the message comes back and is dead-lettered again); returns the row's id and
    /// whether it is new.
    /// </summary>
    private const string InsertSql = """
        WITH pending AS (
            SELECT id FROM fraiseql.dead_letter WHERE consumer = $2 AND event_id = $4 AND replayed_at IS NULL LIMIT 1),
        inserted AS (
            INSERT INTO fraiseql.dead_letter (id, consumer, subject, event_id, payload, payload_text, headers, error, attempts)
            SELECT $1, $2, $3, $4, CASE WHEN $5 THEN $6::jsonb END, CASE WHEN $5 THEN NULL ELSE $6 END, $7::jsonb, $8, $9
            WHERE NOT EXISTS (SELECT 1 FROM pending)
            RETURNING id)
        SELECT id, true FROM inserted UNION ALL SELECT id, false FROM pending
        """;

    private const string ListSql = """
        SELECT id, consumer, subject, event_id, COALESCE(payload::text, payload_text), headers::text, error, attempts, failed_at, replayed_at
        FROM fraiseql.dead_letter WHERE ($1 OR replayed_at IS NULL) ORDER BY failed_at, id
        """;

    /// <summary>The subject dead letters of <paramref name="originalSubject"/> are published on.</summary>
    public string DeadLetterSubject(string originalSubject) =>
        options.DeadLetter.SubjectPrefix + "." + identity.ServiceName.Replace('.', '_') + "." + originalSubject;

    /// <summary>
    /// Inserts the dead-letter row, then publishes the event to the dead-letter subject (best effort; the row is
    /// authoritative). An event the consumer already has pending is not recorded twice: its row's id is returned.
    /// </summary>
    public async Task<Guid> RecordAsync(string consumer, string subject, Guid? eventId, ReadOnlyMemory<byte> payload, IReadOnlyList<KeyValuePair<string, string>> headers, string error, int attempts, CancellationToken cancellationToken)
    {
        var id = Guid.CreateVersion7();
        var payloadText = Encoding.UTF8.GetString(payload.Span);
        var isJson = IsJson(payload.Span);
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false))
        await using (var cmd = new NpgsqlCommand(InsertSql, connection))
        {
            cmd.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = id });
            cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = consumer });
            cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = subject });
            cmd.Parameters.Add(new NpgsqlParameter { Value = eventId is { } e ? e : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
            cmd.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = isJson });
            cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = payloadText, NpgsqlDbType = NpgsqlDbType.Text });
            cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = EventHeaderJson.Write(headers), NpgsqlDbType = NpgsqlDbType.Text });
            cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = error });
            cmd.Parameters.Add(new NpgsqlParameter<int> { TypedValue = attempts });
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            id = reader.GetGuid(0);
            if (!reader.GetBoolean(1))
            {
                logger.LogInformation("Event {EventId} of {Consumer} is already dead-lettered as {DeadLetterId}", eventId, consumer, id);
                return id; // recorded (and published to the dead-letter subject) the first time
            }
        }
        try
        {
            var dlqSubject = DeadLetterSubject(subject);
            await topology.EnsureStreamAsync(dlqSubject, cancellationToken).ConfigureAwait(false);
            var natsHeaders = EventHeaderJson.ToNatsHeaders(headers.Where(h => h.Key != EventHeaderNames.MessageId));
            natsHeaders[EventHeaderNames.Error] = Truncate(error.ReplaceLineEndings(" "), 1024);
            natsHeaders[EventHeaderNames.DeadLetterConsumer] = consumer;
            var ack = await js.PublishAsync(dlqSubject, payload.ToArray(), NatsRawSerializer<byte[]>.Default,
                new NatsJSPubOpts { MsgId = "dlq-" + id }, natsHeaders, cancellationToken).ConfigureAwait(false);
            ack.EnsureSuccess();
        }
        catch (Exception ex) when (ex is NatsException or OperationCanceledException or InvalidOperationException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Dead letter {DeadLetterId} stored but not published to the dead-letter subject", id);
        }
        return id;
    }

    public async Task<IReadOnlyList<DeadLetter>> ListAsync(bool includeReplayed, CancellationToken cancellationToken)
    {
        var result = new List<DeadLetter>();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = new NpgsqlCommand(ListSql, connection);
        cmd.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = includeReplayed });
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(new DeadLetter(
                reader.GetGuid(0), reader.GetString(1), reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetGuid(3),
                reader.IsDBNull(4) ? "" : reader.GetString(4),
                reader.GetString(5), reader.GetString(6), reader.GetInt32(7),
                reader.GetFieldValue<DateTimeOffset>(8),
                reader.IsDBNull(9) ? null : reader.GetFieldValue<DateTimeOffset>(9)));
        }
        return result;
    }

    /// <summary>
    /// Republishes a dead letter to its original subject with a new Nats-Msg-Id and marks it replayed. The event keeps
    /// its id: the FraiseQL-Event-Id header, set from the row's event_id when the original message had none (an event
    /// from a publisher other than FraiseQL, whose id consumers derived from its stream position), so services that
    /// already applied it skip it. Returns false when the id is unknown or already replayed; throws
    /// <see cref="InvalidOperationException"/> when NATS could never take the message as stored
    /// (<see cref="UnpublishableMessage"/>), which then stays pending until its row is corrected.
    /// </summary>
    public async Task<bool> ReplayAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        string subject, payload, headersJson;
        Guid? eventId;
        await using (var select = new NpgsqlCommand(
            "SELECT subject, COALESCE(payload::text, payload_text), headers::text, event_id FROM fraiseql.dead_letter WHERE id = $1 AND replayed_at IS NULL FOR UPDATE", connection, tx))
        {
            select.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = id });
            await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return false;
            }
            subject = reader.GetString(0);
            payload = reader.IsDBNull(1) ? "" : reader.GetString(1);
            headersJson = reader.GetString(2);
            eventId = reader.IsDBNull(3) ? null : reader.GetGuid(3);
        }
        var stored = EventHeaderJson.Read(headersJson).Where(h => h.Key is not (EventHeaderNames.MessageId or EventHeaderNames.ReplayOf)).ToList();
        if (eventId is { } original && !stored.Exists(h => h.Key == EventHeaderNames.EventId))
        {
            stored.Add(new(EventHeaderNames.EventId, original.ToString()));
        }
        stored.Add(new(EventHeaderNames.ReplayOf, id.ToString()));
        if (UnpublishableMessage.ReasonOf(subject, payload, stored, js.Connection.ServerInfo?.MaxPayload) is { } reason)
        {
            throw new InvalidOperationException(
                $"dead letter {id} cannot be published as stored: {reason}. Correct its row in fraiseql.dead_letter (headers or payload), then replay it.");
        }
        var headers = EventHeaderJson.ToNatsHeaders(stored);
        await topology.EnsureStreamAsync(subject, cancellationToken).ConfigureAwait(false);
        var ack = await js.PublishAsync(subject, Encoding.UTF8.GetBytes(payload), NatsRawSerializer<byte[]>.Default,
            new NatsJSPubOpts { MsgId = Guid.CreateVersion7().ToString() }, headers, cancellationToken).ConfigureAwait(false);
        ack.EnsureSuccess();
        await using (var mark = new NpgsqlCommand("UPDATE fraiseql.dead_letter SET replayed_at = now() WHERE id = $1", connection, tx))
        {
            mark.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = id });
            await mark.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Dead letter {DeadLetterId} replayed to {Subject}", id, subject);
        return true;
    }

    private static bool IsJson(ReadOnlySpan<byte> payload)
    {
        try
        {
            var reader = new Utf8JsonReader(payload);
            while (reader.Read())
            {
            }
            return payload.Length > 0;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];
}

/// <summary>One <c>fraiseql.dead_letter</c> row.</summary>
public sealed record DeadLetter(
    Guid Id, string Consumer, string Subject, Guid? EventId, string Payload, string HeadersJson,
    string Error, int Attempts, DateTimeOffset FailedAt, DateTimeOffset? ReplayedAt);
