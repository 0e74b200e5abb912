using FraiseQL.Events;
using FraiseQL.Execution;
using FraiseQL.Schema;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace FraiseQL.Integration.Tests.Events.Support;

/// <summary>
/// Runs order-service mutations the way the SQL executor does: the fn_* call and, for a successful state-changing
/// result, <see cref="IMutationEventSink.PrepareWrite"/> per publish entry sent with COMMIT — all in one transaction.
/// </summary>
public sealed class OrderMutations(EventServiceHost orderService)
{
    private readonly IMutationEventSink _sink = orderService.Services.GetRequiredService<IMutationEventSink>();

    public Task<Guid> CreateOrderAsync(Guid userId, string[] itemIds, RequestContext? context = null) =>
        RunAsync("createOrder", context, userId, itemIds);

    public Task<Guid> UpdateStatusAsync(Guid orderId, string status, RequestContext? context = null) =>
        RunAsync("updateOrderStatus", context, orderId, status);

    public Task<Guid> ShipAsync(Guid orderId) => RunAsync("shipOrder", null, orderId);

    private async Task<Guid> RunAsync(string mutationName, RequestContext? context, params object[] args)
    {
        var mutation = orderService.Service.FindMutation(mutationName)!;
        await using var conn = await orderService.DataSource.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        string status;
        Guid? entityId;
        string? entityType, entity, metadata;
        await using (var cmd = new NpgsqlCommand(
            "SELECT status, entity_id, entity_type, entity::text, metadata::text FROM (" + mutation.Sql + ") r", conn, tx))
        {
            for (var i = 0; i < args.Length; i++)
            {
                cmd.Parameters.Add(new NpgsqlParameter { Value = args[i], NpgsqlDbType = mutation.Parameters[i].DbType });
            }
            await using var reader = await cmd.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            status = reader.GetString(0);
            entityId = reader.IsDBNull(1) ? null : reader.GetGuid(1);
            entityType = reader.IsDBNull(2) ? null : reader.GetString(2);
            entity = reader.IsDBNull(3) ? null : reader.GetString(3);
            metadata = reader.IsDBNull(4) ? null : reader.GetString(4);
        }
        Assert.True(status is "success" or "updated" or "created", $"{mutationName} returned status {status}");
        // as the executor does: the outbox inserts and COMMIT in one batch, then each write learns it committed
        var eventContext = context ?? RequestContext.Anonymous("corr-" + Guid.NewGuid().ToString("N")[..8]);
        await _sink.WriteAndCommitAsync(conn, tx, mutation.Publishes.Select(publish => new MutationEvent
        {
            Publish = publish,
            Mutation = mutation,
            EntityJson = entity ?? "null",
            MetadataJson = metadata,
            EntityType = entityType,
            EntityId = entityId,
            Context = eventContext,
        }), CancellationToken.None);
        return entityId!.Value;
    }
}
