using FraiseQL.Schema;
using FraiseQL.Sql;
using Xunit;

namespace FraiseQL.Runtime.Tests.Sql;

/// <summary>
/// The views a successful mutation writes, as FraiseQL names them: its invalidates_views, the views of its return
/// type (the type's sql_source and those of the queries returning it), of the entity_type it returned and of every
/// cascade __typename, in one invalidation; and the views a query reads.
/// </summary>
public sealed class CacheInvalidationTests
{
    private static readonly SchemaDescriptor Schema = new()
    {
        ServiceName = "shop",
        Types =
        [
            new ObjectTypeDescriptor { Name = "Order", SqlSource = "v_order", Fields = [new FieldDescriptor { Name = "id", StorageKey = "id", Type = "ID!" }] },
            new ObjectTypeDescriptor { Name = "Item", SqlSource = "v_item", Fields = [new FieldDescriptor { Name = "id", StorageKey = "id", Type = "ID!" }] },
            new ObjectTypeDescriptor { Name = "Product", Fields = [new FieldDescriptor { Name = "id", StorageKey = "id", Type = "ID!" }] },
        ],
        Queries =
        [
            new QueryDescriptor { Name = "orders", ReturnType = "Order", ReturnsList = true, SqlSource = "\"app\".\"v_order_summary\"", AdditionalViews = ["v_item"] },
            new QueryDescriptor { Name = "products", ReturnType = "Product", ReturnsList = true, SqlSource = "v_product" },
        ],
        Mutations =
        [
            new MutationDescriptor
            {
                Name = "createOrder", ReturnType = "Order", FunctionName = "fn_create_order", Sql = "SELECT * FROM fn_create_order($1)",
                Parameters = [], InvalidatesViews = ["V_Audit"],
            },
        ],
    };

    [Fact]
    public void A_mutation_invalidates_its_declared_return_entity_and_cascade_views_at_once()
    {
        var views = new ResultCacheViews();
        var announced = new List<IReadOnlyList<string>>();
        views.Broadcast = announced.Add;
        var invalidation = new CacheInvalidation(new SchemaIndex(Schema), views);

        invalidation.MutationSucceeded(Schema.Mutations[0], entityType: "Product", cascadeJson: """{"updated":[{"__typename":"Item","id":"1"}]}""");

        var names = Assert.Single(announced);
        Assert.Equal(["v_audit", "v_item", "v_order", "v_order_summary", "v_product"], names.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_query_reads_its_source_its_additional_views_and_the_all_counter()
    {
        var views = new ResultCacheViews();
        var read = new CacheInvalidation(new SchemaIndex(Schema), views).ViewsReadBy(Schema.Queries[0]);

        Assert.Equal([views.All, views.For("v_item"), views.For("v_order_summary")], read);
    }
}
