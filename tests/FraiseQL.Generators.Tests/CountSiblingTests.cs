using FraiseQL.Generators.Tests.Infrastructure;
using FraiseQL.Schema;
using Microsoft.CodeAnalysis;
using static FraiseQL.Generators.Tests.Infrastructure.DiagnosticAssert;

namespace FraiseQL.Generators.Tests;

/// <summary>
/// FORMATS §1.6: <c>"count": true</c> on a list query adds the sibling <c>&lt;name&gt;Count(where): Int!</c>, which
/// counts the rows the list's <c>where</c> selects over the same view, injected parameters and role.
/// </summary>
public class CountSiblingTests
{
    private static string Schema(string query, string extraQuery = "") => $$"""
        {
          "types": [ { "name": "Order", "requires_role": "staff", "fields": [
            { "name": "id", "type": "ID", "nullable": false },
            { "name": "tenant_id", "type": "String", "nullable": false },
            { "name": "status", "type": "String", "nullable": false } ] } ],
          "queries": [ {{query}}{{extraQuery}} ]
        }
        """;

    [Fact]
    public void Count_adds_an_Int_sibling_with_the_lists_where_view_inject_params_and_role()
    {
        var text = Schema("""{ "name": "orders", "return_type": "Order", "returns_list": true, "sql_source": "v_order", "count": true, "inject_params": { "tenant_id": "jwt:tenant" } }""");
        var (result, _, _) = GeneratorHarness.Run((SchemaPath, text));
        Assert.Empty(result.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning));
        var service = GeneratedServiceLoader.Load("count", (SchemaPath, text));

        var count = service.FindQuery("ordersCount")!;
        var list = service.FindQuery("orders")!;
        Assert.Equal(("Int", false, false, "Order"), (count.ReturnType, count.ReturnsList, count.Nullable, count.CountOf));
        Assert.Null(list.CountOf);
        Assert.Equal(list.SqlSource, count.SqlSource);
        Assert.True(count.HasWhere);
        Assert.False(count.HasOrderBy || count.HasLimit || count.HasOffset);
        Assert.Equal("OrderWhereInput", count.WhereInputType);
        Assert.Equal("staff", count.RequiresRole);
        Assert.Equal([("tenant_id", "tenant")], count.InjectParams.Select(p => (p.Name, p.Claim)));
        Assert.Contains("ordersCount(where: OrderWhereInput): Int!", service.Schema.Sdl, StringComparison.Ordinal);
    }

    [Fact]
    public void Count_on_a_single_object_query_is_an_error_at_the_count_key()
    {
        var text = Schema("""{ "name": "order", "return_type": "Order", "sql_source": "v_order", "count": true }""");
        var d = At(Run(text), "FQL0109", SchemaPath, text, "\"count\"");
        Assert.Contains("list query", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_declared_query_named_like_the_sibling_is_a_duplicate()
    {
        var text = Schema(
            """{ "name": "orders", "return_type": "Order", "returns_list": true, "sql_source": "v_order", "count": true }""",
            """, { "name": "ordersCount", "return_type": "Order", "returns_list": true, "sql_source": "v_order" }""");
        Assert.Contains(Run(text), d => d.Id == "FQL0104" && d.GetMessage().Contains("ordersCount", StringComparison.Ordinal));
    }
}
