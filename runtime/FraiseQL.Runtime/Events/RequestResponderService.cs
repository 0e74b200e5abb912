using System.Text;
using FraiseQL.Schema;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NATS.Client.Core;
using Npgsql;
using NpgsqlTypes;

namespace FraiseQL.Events;

/// <summary>
/// Hosted service answering every [[observers.respond]] subject with its SQL function
/// (<c>SELECT "fn"($1::jsonb)</c>, request body as the argument, the jsonb result as the reply; SQL NULL → <c>null</c>).
/// Subscribes in queue group = service name so instances share requests. A failing function is answered with
/// <c>FraiseQL-Error</c> / <c>FraiseQL-Error-Code</c> headers. The caller's identity headers are set as
/// transaction-local settings <c>fraiseql.principal</c>, <c>fraiseql.tenant_id</c>, <c>fraiseql.roles</c>,
/// <c>fraiseql.correlation_id</c> (readable with <c>current_setting('fraiseql.tenant_id', true)</c>).
/// </summary>
public sealed class RequestResponderService(
    IReadOnlyList<RespondDescriptor> responders,
    INatsConnection connection,
    NpgsqlDataSource dataSource,
    EventServiceIdentity identity,
    ILogger<RequestResponderService> logger) : BackgroundService
{
    private const int MaxConcurrentRequests = 16;
    private const string SettingsSql =
        "SELECT set_config('fraiseql.principal', $1, true), set_config('fraiseql.tenant_id', $2, true), set_config('fraiseql.roles', $3, true), set_config('fraiseql.correlation_id', $4, true)";

    private readonly SemaphoreSlim _concurrency = new(MaxConcurrentRequests, MaxConcurrentRequests);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(responders.Select(r => RunAsync(r, stoppingToken)));

    private async Task RunAsync(RespondDescriptor responder, CancellationToken stoppingToken)
    {
        var backoff = new ExponentialBackoff(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                logger.LogInformation("Answering {Subject} with {Handler} (queue group {QueueGroup})", responder.Subject, responder.Handler, identity.ServiceName);
                await foreach (var msg in connection.SubscribeAsync(responder.Subject, identity.ServiceName, NatsRawSerializer<byte[]>.Default, cancellationToken: stoppingToken).ConfigureAwait(false))
                {
                    await _concurrency.WaitAsync(stoppingToken).ConfigureAwait(false);
                    _ = AnswerAsync(responder, msg, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                var delay = backoff.Next();
                logger.LogWarning(ex, "Responder for {Subject} stopped; restarting in {DelayMs} ms", responder.Subject, (int)delay.TotalMilliseconds);
                try
                {
                    await Task.Delay(delay, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task AnswerAsync(RespondDescriptor responder, NatsMsg<byte[]> msg, CancellationToken stoppingToken)
    {
        var correlationId = EventHeaderJson.Get(msg.Headers, EventHeaderNames.CorrelationId) ?? "-";
        try
        {
            string? result;
            try
            {
                result = await CallAsync(responder, msg, correlationId, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
            {
                logger.LogError(ex, "Responder {Handler} failed on {Subject} (correlation {CorrelationId})", responder.Handler, responder.Subject, correlationId);
                // the function's own words for a bad request (RAISE, an invalid value) reach the caller; any other failure's
                // text (a missing relation, a constraint's name) stays in this service's log
                var userError = ex is PostgresException { SqlState: "22P02" or "22023" or "P0001" };
                var code = userError ? "BAD_USER_INPUT" : "INTERNAL_SERVER_ERROR";
                var message = userError ? ((PostgresException)ex).MessageText : $"the answering function failed (correlation id {correlationId}; see its service's log)";
                await msg.ReplyAsync(Array.Empty<byte>(), new NatsHeaders
                {
                    [EventHeaderNames.Error] = message.ReplaceLineEndings(" "),
                    [EventHeaderNames.ErrorCode] = code,
                    [EventHeaderNames.CorrelationId] = correlationId,
                }, serializer: NatsRawSerializer<byte[]>.Default, cancellationToken: stoppingToken).ConfigureAwait(false);
                return;
            }
            await msg.ReplyAsync(Encoding.UTF8.GetBytes(result ?? "null"), new NatsHeaders { [EventHeaderNames.CorrelationId] = correlationId },
                serializer: NatsRawSerializer<byte[]>.Default, cancellationToken: stoppingToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NatsException or OperationCanceledException or ObjectDisposedException)
        {
            logger.LogDebug(ex, "Could not reply on {Subject} (correlation {CorrelationId})", responder.Subject, correlationId);
        }
        finally
        {
            _concurrency.Release();
        }
    }

    private async Task<string?> CallAsync(RespondDescriptor responder, NatsMsg<byte[]> msg, string correlationId, CancellationToken cancellationToken)
    {
        var body = msg.Data is { Length: > 0 } data ? Encoding.UTF8.GetString(data) : "{}";
        await using var conn = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var settings = new NpgsqlCommand(SettingsSql, conn, tx))
        {
            settings.Parameters.Add(new NpgsqlParameter<string> { TypedValue = EventHeaderJson.Get(msg.Headers, EventHeaderNames.Principal) ?? "" });
            settings.Parameters.Add(new NpgsqlParameter<string> { TypedValue = EventHeaderJson.Get(msg.Headers, EventHeaderNames.Tenant) ?? "" });
            settings.Parameters.Add(new NpgsqlParameter<string> { TypedValue = EventHeaderJson.Get(msg.Headers, EventHeaderNames.Roles) ?? "" });
            settings.Parameters.Add(new NpgsqlParameter<string> { TypedValue = correlationId });
            await settings.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        string? result;
        await using (var call = new NpgsqlCommand("SELECT r::text FROM (" + responder.Sql + ") AS answer(r)", conn, tx))
        {
            call.Parameters.Add(new NpgsqlParameter<string> { TypedValue = body, NpgsqlDbType = NpgsqlDbType.Text });
            var value = await call.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            result = value as string;
        }
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return result;
    }
}
