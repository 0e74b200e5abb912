using FraiseQL.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using static FraiseQL.Generators.Tests.Infrastructure.DiagnosticAssert;

namespace FraiseQL.Generators.Tests;

/// <summary>
/// FORMATS §1.6: <c>"relay": true</c> on a list query makes it return <c>&lt;T&gt;Connection</c> (edges, pageInfo,
/// totalCount), paged with first/after/last/before over the view's <c>pk_&lt;t&gt;</c> column.
/// </summary>
public class RelayConnectionTests
{
    private static string Schema(string queries) => $$"""
        {
          "types": [ { "name": "Order", "fields": [ { "name": "id", "type": "ID", "nullable": false }, { "name": "status", "type": "String", "nullable": false } ] },
                     { "name": "OrderLine", "fields": [ { "name": "sku", "type": "String", "nullable": false } ] } ],
          "queries": [ {{queries}} ]
        }
        """;

    [Fact]
    public void Relay_query_returns_a_synthesized_connection_with_paging_arguments()
    {
        var text = Schema("""
            { "name": "orders", "return_type": "Order", "returns_list": true, "sql_source": "v_order", "relay": true },
            { "name": "lines", "return_type": "OrderLine", "returns_list": true, "sql_source": "v_order_line", "relay": true, "relay_cursor_type": "uuid" }
            """);
        var (result, _, _) = GeneratorHarness.Run((SchemaPath, text));
        Assert.Empty(result.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning));
        var service = GeneratedServiceLoader.Load("relay", (SchemaPath, text));

        var orders = service.FindQuery("orders")!;
        Assert.Equal(("OrderConnection", false, false), (orders.ReturnType, orders.ReturnsList, orders.Nullable));
        Assert.Equal(("Order", "\"pk_order\"", "int64"), (orders.Relay!.Entity, orders.Relay.CursorColumn, orders.Relay.CursorType));
        Assert.Equal(("\"pk_order_line\"", "uuid"), (service.FindQuery("lines")!.Relay!.CursorColumn, service.FindQuery("lines")!.Relay!.CursorType));
        Assert.True(orders.HasWhere && orders.HasOrderBy);
        Assert.False(orders.HasLimit || orders.HasOffset);
        Assert.Contains("orders(first: Int, after: String, last: Int, before: String, where: OrderWhereInput, orderBy: [OrderOrderByInput!]): OrderConnection!", service.Schema.Sdl, StringComparison.Ordinal);
        string[] Fields(string type) => [.. service.Schema.Types.Single(t => t.Name == type).Fields.Select(f => $"{f.Name}:{f.Type}")];
        Assert.Equal(["edges:[OrderEdge!]!", "pageInfo:PageInfo!", "totalCount:Int!"], Fields("OrderConnection"));
        Assert.Equal(["cursor:String!", "node:Order!"], Fields("OrderEdge"));
        Assert.Equal(["hasNextPage:Boolean!", "hasPreviousPage:Boolean!", "startCursor:String", "endCursor:String"], Fields("PageInfo"));
        Assert.Single(service.Schema.Types, t => t.Name == "PageInfo"); // one PageInfo for every connection
        Assert.Contains(service.Schema.InputTypes, i => i.Name == "OrderWhereInput"); // the where input of the entity, not of the connection
    }

    [Fact]
    public void Relay_on_a_single_object_query_is_an_error()
    {
        var text = Schema("""{ "name": "order", "return_type": "Order", "sql_source": "v_order", "relay": true }""");
        var d = At(Run(text), "FQL0109", SchemaPath, text, "\"order\"");
        Assert.Contains("relay", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_cursor_type_is_an_error()
    {
        var text = Schema("""{ "name": "orders", "return_type": "Order", "returns_list": true, "sql_source": "v_order", "relay": true, "relay_cursor_type": "text" }""");
        var d = At(Run(text), "FQL0109", SchemaPath, text, "\"orders\"");
        Assert.Contains("relay_cursor_type", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void Count_with_relay_is_an_error_since_the_connection_has_totalCount()
    {
        var text = Schema("""{ "name": "orders", "return_type": "Order", "returns_list": true, "sql_source": "v_order", "relay": true, "count": true }""");
        var d = At(Run(text), "FQL0109", SchemaPath, text, "\"count\"");
        Assert.Contains("not relay", d.GetMessage(), StringComparison.Ordinal);
    }
}
