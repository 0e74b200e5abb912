using System.Buffers;
using System.Text.Json;
using FraiseQL.Execution;
using FraiseQL.GraphQL;
using FraiseQL.Schema;
using Microsoft.Extensions.Logging;
using NATS.Client.Core;

namespace FraiseQL.Events;

/// <summary>
/// <see cref="IRootFieldExecutor"/> decorator: queries with <c>QueryDescriptor.Remote</c> ([[observers.request]]) are
/// resolved by a NATS request to another service (body = arguments as snake_case JSON; headers = correlation id,
/// principal, roles, tenant, traceparent), retried on timeout / no responders, and the reply is projected over the
/// field's selection. Everything else goes to the inner executor.
/// </summary>
public sealed class RemoteQueryExecutor(
    IRootFieldExecutor inner,
    INatsConnection connection,
    JsonSelectionProjector projector,
    EventServiceIdentity identity,
    ILogger<RemoteQueryExecutor> logger) : IRootFieldExecutor
{
    public ValueTask ExecuteMutationAsync(MutationDescriptor mutation, FieldSelection field, RequestContext context, IBufferWriter<byte> output, CancellationToken cancellationToken) =>
        inner.ExecuteMutationAsync(mutation, field, context, output, cancellationToken);

    public ValueTask ExecuteQueryAsync(QueryDescriptor query, FieldSelection field, RequestContext context, IBufferWriter<byte> output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return query.Remote is null
            ? inner.ExecuteQueryAsync(query, field, context, output, cancellationToken)
            : ExecuteRemoteAsync(query, query.Remote, field, context, output, cancellationToken);
    }

    private async ValueTask ExecuteRemoteAsync(QueryDescriptor query, RemoteQueryDescriptor remote, FieldSelection field, RequestContext context, IBufferWriter<byte> output, CancellationToken cancellationToken)
    {
        var body = RemoteQueryRequestBody.Write(query, field.Arguments);
        var headers = BuildHeaders(context);
        var attempts = Math.Max(0, remote.Retries) + 1;
        var timeout = TimeSpan.FromMilliseconds(remote.TimeoutMs);
        var noResponders = false;
        for (var attempt = 1; attempt <= attempts; attempt++)
        {
            NatsMsg<byte[]> reply;
            try
            {
                reply = await connection.RequestAsync<byte[], byte[]>(
                    remote.Subject,
                    body,
                    headers,
                    NatsRawSerializer<byte[]>.Default,
                    NatsRawSerializer<byte[]>.Default,
                    replyOpts: new NatsSubOpts { Timeout = timeout, ThrowIfNoResponders = true },
                    cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (NatsNoRespondersException)
            {
                noResponders = true;
                logger.LogWarning("Remote query {Query}: no responders on {Subject} (attempt {Attempt}/{Attempts}, correlation {CorrelationId})",
                    query.Name, remote.Subject, attempt, attempts, context.CorrelationId);
                continue;
            }
            catch (NatsNoReplyException)
            {
                noResponders = false;
                logger.LogWarning("Remote query {Query}: no reply on {Subject} within {TimeoutMs} ms (attempt {Attempt}/{Attempts}, correlation {CorrelationId})",
                    query.Name, remote.Subject, remote.TimeoutMs, attempt, attempts, context.CorrelationId);
                continue;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                noResponders = false;
                continue;
            }
            if (reply.HasNoResponders)
            {
                noResponders = true;
                continue;
            }
            WriteReply(query, field, remote, reply, output);
            return;
        }
        var error = noResponders
            ? new GraphQLError(
                $"Query '{field.ResponseName}' is answered by another service over NATS subject '{remote.Subject}', but no service is answering it (no responders after {attempts} attempt(s)). Start the service that has [[observers.respond]] subject = \"{remote.Subject}\".",
                "SERVICE_UNAVAILABLE")
            : new GraphQLError(
                $"Query '{field.ResponseName}' timed out: no reply on NATS subject '{remote.Subject}' within {remote.TimeoutMs} ms ({attempts} attempt(s)). Raise timeout_ms in [[observers.request]] or check the answering service.",
                "TIMEOUT");
        throw new GraphQLErrorException(new GraphQLError(error.Message, error.Code)
        {
            Locations = [field.Location],
            Path = [field.ResponseName],
            Extensions = new Dictionary<string, object?> { ["subject"] = remote.Subject, ["correlationId"] = context.CorrelationId },
        });
    }

    private void WriteReply(QueryDescriptor query, FieldSelection field, RemoteQueryDescriptor remote, NatsMsg<byte[]> reply, IBufferWriter<byte> output)
    {
        if (EventHeaderJson.Get(reply.Headers, EventHeaderNames.Error) is { } remoteError)
        {
            throw new GraphQLErrorException(new GraphQLError(
                $"Query '{field.ResponseName}' failed in the service answering '{remote.Subject}': {remoteError}",
                EventHeaderJson.Get(reply.Headers, EventHeaderNames.ErrorCode) ?? "INTERNAL_SERVER_ERROR")
            {
                Locations = [field.Location],
                Path = [field.ResponseName],
            });
        }
        var data = reply.Data;
        if (data is null || data.Length == 0)
        {
            WriteNull(output);
            return;
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(data);
        }
        catch (JsonException ex)
        {
            throw new GraphQLErrorException(new GraphQLError(
                $"Query '{field.ResponseName}': the reply on '{remote.Subject}' is not JSON ({ex.Message}).", "INTERNAL_SERVER_ERROR")
            {
                Locations = [field.Location],
                Path = [field.ResponseName],
            });
        }
        using (document)
        using (var writer = new Utf8JsonWriter(output))
        {
            projector.WriteValue(writer, document.RootElement, query.ReturnType, field.Selections);
        }
    }

    private static void WriteNull(IBufferWriter<byte> output) => output.Write("null"u8);

    private NatsHeaders BuildHeaders(RequestContext context)
    {
        var headers = new NatsHeaders
        {
            [EventHeaderNames.CorrelationId] = context.CorrelationId,
            [EventHeaderNames.Source] = identity.ServiceName,
        };
        if (context.TraceParent is { } traceParent)
        {
            headers[EventHeaderNames.TraceParent] = traceParent;
        }
        if (context.Principal is { } principal)
        {
            headers[EventHeaderNames.Principal] = principal;
        }
        if (context.Roles.Count > 0)
        {
            headers[EventHeaderNames.Roles] = string.Join(',', context.Roles);
        }
        if (context.TenantId is { } tenant)
        {
            headers[EventHeaderNames.Tenant] = tenant;
        }
        return headers;
    }
}
