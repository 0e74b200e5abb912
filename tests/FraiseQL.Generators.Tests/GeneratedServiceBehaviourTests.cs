using FraiseQL.Generators.Tests.Infrastructure;
using FraiseQL.Schema;
using NpgsqlTypes;

namespace FraiseQL.Generators.Tests;

/// <summary>Loads the compiled generated code of the seed services and exercises it through
/// <see cref="IGeneratedService"/>: lookups, handler dispatch, SQL and parameter binding.</summary>
public class GeneratedServiceBehaviourTests
{
    private static IGeneratedService Load(string schema) => GeneratedServiceLoader.Load(schema, SnapshotSchemas.Files(schema));

    [Fact]
    public void OrderService_QueriesMutationsAndPublishTable()
    {
        var service = Load("order-service");

        Assert.Equal("order-service", service.Schema.ServiceName);
        var orders = service.FindQuery("orders")!;
        Assert.Equal("\"v_order\"", orders.SqlSource);
        Assert.True(orders.ReturnsList && orders.HasWhere && orders.HasOrderBy && orders.HasLimit && orders.HasOffset);
        Assert.Equal("OrderWhereInput", orders.WhereInputType);
        Assert.Equal("fraiseql.inventory.stock_level", service.FindQuery("stockLevel")!.Remote!.Subject);
        Assert.Null(service.FindQuery("nope"));

        var create = service.FindMutation("createOrder")!;
        Assert.Equal("SELECT * FROM \"fn_create_order\"($1, $2)", create.Sql);
        Assert.Equal([NpgsqlDbType.Uuid, NpgsqlDbType.Array | NpgsqlDbType.Text], create.Parameters.Select(p => p.DbType));
        Assert.Equal(["input", "itemIds"], create.Parameters[1].Path);
        Assert.Equal("fraiseql.order.created", Assert.Single(create.Publishes).Subject);
        Assert.Equal(["fraiseql.order.status_changed"], service.FindSubscription("orderStatusChanged")!.Subjects);

        var where = service.Schema.InputTypes.Single(i => i.Name == "OrderWhereInput");
        Assert.True(where.IsDerived);
        Assert.Equal("Order", where.FilterFor);
        Assert.Contains(where.Fields, f => f.Name == "createdAt" && f.StorageKey == "created_at" && f.Type == "DateTimeFilter");
        Assert.Contains("type Query", service.Schema.Sdl);
        Assert.StartsWith("{\"__schema\":", service.Schema.IntrospectionJson);
        Assert.Contains("${DATABASE_URL}", service.Schema.ConfigToml);
    }

    [Fact]
    public void AnalyticsService_DispatchesEverySubscribedSubject()
    {
        var service = Load("analytics-service");

        Assert.Equal(2, service.Schema.Subscribes.Length);
        foreach (var subject in new[] { "fraiseql.order.created", "fraiseql.order.updated" })
        {
            var handler = service.FindHandler(subject)!;
            Assert.Equal(subject, handler.Subject);
            Assert.Equal("fn_record_order_event", handler.Handler);
            Assert.Equal("SELECT \"fn_record_order_event\"($1::jsonb)", handler.Sql);
            Assert.Equal(subject.Replace('.', '_'), handler.ConsumerSuffix);
        }
        Assert.Null(service.FindHandler("fraiseql.order.shipped"));
    }

    [Fact]
    public void InventoryService_UpdateMutationPassesInputAsJsonb()
    {
        var service = Load("inventory-service");

        var restock = service.FindMutation("restock")!;
        var parameter = Assert.Single(restock.Parameters);
        Assert.Equal(SqlParameterSource.InputAsJsonb, parameter.Source);
        Assert.Equal(NpgsqlDbType.Jsonb, parameter.DbType);
        Assert.Equal("fn_reserve_inventory", service.FindHandler("fraiseql.order.created")!.Handler);
        Assert.Equal("fn_stock_level", Assert.Single(service.Schema.Responds).Handler);
    }
}
