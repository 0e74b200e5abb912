using FraiseQL.Execution;
using FraiseQL.Integration.Tests.Infrastructure;
using static FraiseQL.Integration.Tests.Sql.Sel;

namespace FraiseQL.Integration.Tests.Sql;

[Collection(ServersCollection.Name)]
public sealed class OrderMutationTests(ServersFixture servers) : IAsyncLifetime
{
    private const string User = "10000000-0000-4000-8000-0000000000aa";
    private readonly RecordingEventSink _sink = new();
    private SqlTestDatabase _db = null!;

    public async Task InitializeAsync() =>
        _db = await SqlTestDatabase.CreateAsync(servers.Postgres, OrderServiceSchema.Schema, SqlTestDatabase.MigrationsOf("order-service"),
            extraSql: RecordingEventSink.TableSql, sink: _sink);

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private Task<string> CreateOrder(params string[] skus) =>
        _db.MutateAsync(OrderServiceSchema.CreateOrder,
            F("createOrder", F("id"), F("status"), F("total"), F("items", F("sku"), F("qty")), F("__typename"))
                .Args(("input", Obj(("userId", User), ("itemIds", List(skus.Cast<object?>().ToArray()))))));

    private async Task<string> CreateOrderId()
    {
        var json = await CreateOrder("SKU-0001");
        return System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("id").GetString()!;
    }

    [Fact]
    public async Task CreateOrderPassesUuidAndTextArrayAndProjectsTheEntity()
    {
        var json = await CreateOrder("SKU-0001", "SKU-0002");
        using var doc = System.Text.Json.JsonDocument.Parse(json);
        var id = doc.RootElement.GetProperty("id").GetString()!;
        Assert.True(Guid.TryParse(id, out _));
        Assert.Equal(Json.Q("{'id':'" + id + "','status':'pending','total':20.00,'items':[{'sku':'SKU-0001','qty':1},{'sku':'SKU-0002','qty':1}],'__typename':'Order'}"), json);
        Assert.Equal(User, (await _db.ScalarAsync<Guid>($"SELECT user_id FROM tb_order WHERE id = '{id}'")).ToString());
    }

    [Fact]
    public async Task SuccessfulMutationCallsTheSinkInsideTheTransaction()
    {
        var id = await CreateOrderId();
        var evt = Assert.Single(_sink.Events);
        Assert.Equal("fraiseql.order.created", evt.Publish.Subject);
        Assert.Equal("createOrder", evt.Mutation.Name);
        Assert.Equal(Guid.Parse(id), evt.EntityId);
        Assert.Equal("Order", evt.EntityType);
        Assert.Contains("\"user_id\"", evt.EntityJson, StringComparison.Ordinal);
        Assert.Equal(Json.Q("{'item_ids':['SKU-0001']}"), Json.Normalize(evt.MetadataJson!));
        Assert.Equal("test", evt.Context.CorrelationId);
        // The sink's row committed together with the order.
        Assert.Equal(1L, await _db.ScalarAsync<long>($"SELECT count(*) FROM test_outbox WHERE subject = 'fraiseql.order.created' AND entity_id = '{id}' AND payload->'metadata' IS NULL AND metadata->'item_ids' = '[\"SKU-0001\"]'"));
    }

    [Fact]
    public async Task SinkFailureRollsBackTheMutation()
    {
        _sink.FailAfterInsert = true;
        var before = await _db.ScalarAsync<long>("SELECT count(*) FROM tb_order");
        var e = await Assert.ThrowsAsync<GraphQLErrorException>(() => CreateOrder("SKU-0001"));
        Assert.Equal("INTERNAL_SERVER_ERROR", e.Error.Code);
        Assert.DoesNotContain("outbox write failed", e.Error.Message, StringComparison.Ordinal);
        Assert.Single(_sink.Events);
        Assert.Equal(before, await _db.ScalarAsync<long>("SELECT count(*) FROM tb_order"));
        Assert.Equal(0L, await _db.ScalarAsync<long>("SELECT count(*) FROM test_outbox"));
    }

    [Fact]
    public async Task PreparedWriteTravelsWithCommitAndIsToldItCommitted()
    {
        _sink.PrepareInBatch = true;
        var id = await CreateOrderId();
        Assert.Single(_sink.Events);
        Assert.Equal(1, _sink.CommittedCount);
        Assert.Equal(1L, await _db.ScalarAsync<long>($"SELECT count(*) FROM test_outbox WHERE entity_id = '{id}'"));
        Assert.Equal(1L, await _db.ScalarAsync<long>($"SELECT count(*) FROM tb_order WHERE id = '{id}'"));
    }

    [Fact]
    public async Task FailingPreparedWriteSkipsTheCommitAndRollsBackTheMutation()
    {
        _sink.PrepareInBatch = true;
        _sink.FailInBatch = true;
        var before = await _db.ScalarAsync<long>("SELECT count(*) FROM tb_order");
        var e = await Assert.ThrowsAsync<GraphQLErrorException>(() => CreateOrder("SKU-0001"));
        Assert.Equal("INTERNAL_SERVER_ERROR", e.Error.Code);
        Assert.Equal(0, _sink.CommittedCount);
        Assert.Equal(before, await _db.ScalarAsync<long>("SELECT count(*) FROM tb_order"));
        Assert.Equal(0L, await _db.ScalarAsync<long>("SELECT count(*) FROM test_outbox"));
        // the pooled connection is clean afterwards: the next mutation commits normally
        _sink.FailInBatch = false;
        await CreateOrderId();
        Assert.Equal(before + 1, await _db.ScalarAsync<long>("SELECT count(*) FROM tb_order"));
    }

    [Fact]
    public async Task ValidationErrorIsBadUserInputAndPublishesNothing()
    {
        var e = await Assert.ThrowsAsync<GraphQLErrorException>(() => CreateOrder());
        Assert.Equal("BAD_USER_INPUT", e.Error.Code);
        Assert.Equal("item_ids must not be empty", e.Error.Message);
        Assert.Equal("validation:items", e.Error.Extensions!["status"]);
        Assert.Equal(422, e.Error.Extensions["httpStatus"]);
        Assert.Empty(_sink.Events);
        Assert.Equal(0L, await _db.ScalarAsync<long>("SELECT count(*) FROM test_outbox"));
    }

    [Fact]
    public async Task UpdateWithEnumStorageStringPublishesBothSubjects()
    {
        var id = await CreateOrderId();
        _sink.Events.Clear();
        var json = await _db.MutateAsync(OrderServiceSchema.UpdateOrderStatus,
            F("updateOrderStatus", F("id"), F("status"), F("updatedFields")).Args(("id", id), ("status", "CONFIRMED")));
        Assert.Equal(Json.Q("{'id':'" + id + "','status':'confirmed','updatedFields':['status']}"), json);
        Assert.Equal(["fraiseql.order.updated", "fraiseql.order.status_changed"], _sink.Events.Select(e => e.Publish.Subject));
        Assert.Equal(Json.Q("{'previous_status':'pending'}"), Json.Normalize(_sink.Events[0].MetadataJson!));
    }

    [Fact]
    public async Task NoopReturnsTheEntityAndPublishesNothing()
    {
        var id = await CreateOrderId();
        _sink.Events.Clear();
        var json = await _db.MutateAsync(OrderServiceSchema.UpdateOrderStatus,
            F("updateOrderStatus", F("status"), F("updatedFields")).Args(("id", id), ("status", "PENDING")));
        Assert.Equal(Json.Q("{'status':'pending','updatedFields':[]}"), json);
        Assert.Empty(_sink.Events);
    }

    [Fact]
    public async Task NotFoundAndConflictMapToTheirCodes()
    {
        var missing = await Assert.ThrowsAsync<GraphQLErrorException>(() =>
            _db.MutateAsync(OrderServiceSchema.ShipOrder, F("shipOrder", F("id")).Args(("id", Guid.NewGuid().ToString()))));
        Assert.Equal("NOT_FOUND", missing.Error.Code);
        Assert.Equal("Order not found", missing.Error.Message);
        Assert.Equal(404, missing.Error.Extensions!["httpStatus"]);
        Assert.Equal(["shipOrder"], missing.Error.Path);

        var id = await CreateOrderId();
        await _db.MutateAsync(OrderServiceSchema.UpdateOrderStatus, F("updateOrderStatus", F("id")).Args(("id", id), ("status", "CANCELLED")));
        var conflict = await Assert.ThrowsAsync<GraphQLErrorException>(() =>
            _db.MutateAsync(OrderServiceSchema.ShipOrder, F("shipOrder", F("id")).Args(("id", id))));
        Assert.Equal("CONFLICT", conflict.Error.Code);
        Assert.Equal("conflict:cancelled", conflict.Error.Extensions!["status"]);
        Assert.Equal(409, conflict.Error.Extensions["httpStatus"]);
    }

    [Fact]
    public async Task ShipTwiceIsSuccessThenNoop()
    {
        var id = await CreateOrderId();
        _sink.Events.Clear();
        Assert.Equal(Json.Q("{'status':'shipped'}"), await _db.MutateAsync(OrderServiceSchema.ShipOrder, F("shipOrder", F("status")).Args(("id", id))));
        Assert.Equal(2, _sink.Events.Count);
        Assert.Equal(Json.Q("{'status':'shipped'}"), await _db.MutateAsync(OrderServiceSchema.ShipOrder, F("shipOrder", F("status")).Args(("id", id))));
        Assert.Equal(2, _sink.Events.Count);
    }

    [Fact]
    public async Task InvalidUuidArgumentIsBadUserInputBeforeSql()
    {
        var e = await Assert.ThrowsAsync<GraphQLErrorException>(() =>
            _db.MutateAsync(OrderServiceSchema.ShipOrder, F("shipOrder", F("id")).Args(("id", "nope"))));
        Assert.Equal("BAD_USER_INPUT", e.Error.Code);
        Assert.Contains("argument id: 'nope' is not a valid UUID", e.Error.Message, StringComparison.Ordinal);
    }
}

[Collection(ServersCollection.Name)]
public sealed class InventoryMutationTests(ServersFixture servers) : IAsyncLifetime
{
    private SqlTestDatabase _db = null!;

    public async Task InitializeAsync() =>
        _db = await SqlTestDatabase.CreateAsync(servers.Postgres, InventoryServiceSchema.Schema, SqlTestDatabase.MigrationsOf("inventory-service"));

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task RestockPassesTheInputAsJsonbWithStorageKeys()
    {
        var json = await _db.MutateAsync(InventoryServiceSchema.Restock,
            F("restock", F("sku"), F("quantityAvailable"), F("updatedFields")).Args(("input", Obj(("sku", "SKU-0007"), ("quantity", 5L)))));
        Assert.Equal(Json.Q("{'sku':'SKU-0007','quantityAvailable':105,'updatedFields':['quantityAvailable']}"), json);
        Assert.Equal(Json.Q("{'sku':'SKU-0007','quantityAvailable':105}"),
            await _db.QueryAsync(InventoryServiceSchema.InventoryItemQuery, F("inventoryItem", F("sku"), F("quantityAvailable")).Args(("sku", "SKU-0007"))));
    }

    [Fact]
    public async Task RestockErrorsMapToValidationAndNotFound()
    {
        var invalid = await Assert.ThrowsAsync<GraphQLErrorException>(() => _db.MutateAsync(InventoryServiceSchema.Restock,
            F("restock", F("sku")).Args(("input", Obj(("sku", "SKU-0007"), ("quantity", 0L))))));
        Assert.Equal("BAD_USER_INPUT", invalid.Error.Code);
        var missing = await Assert.ThrowsAsync<GraphQLErrorException>(() => _db.MutateAsync(InventoryServiceSchema.Restock,
            F("restock", F("sku")).Args(("input", Obj(("sku", "SKU-9999"), ("quantity", 1L))))));
        Assert.Equal("NOT_FOUND", missing.Error.Code);
        Assert.Equal("Unknown SKU SKU-9999", missing.Error.Message);
    }

    [Fact]
    public async Task ListQueryOnInventory()
    {
        var json = await _db.QueryAsync(InventoryServiceSchema.InventoryItemsQuery,
            F("inventoryItems", F("sku")).Args(("where", Obj(("sku", Obj(("in", List("SKU-0002", "SKU-0001", "SKU-9999")))))), ("orderBy", List(Obj(("field", "sku"), ("direction", "DESC"))))));
        Assert.Equal(Json.Q("[{'sku':'SKU-0002'},{'sku':'SKU-0001'}]"), json);
    }
}
