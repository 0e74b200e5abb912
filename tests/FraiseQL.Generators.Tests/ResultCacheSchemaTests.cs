using FraiseQL.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using static FraiseQL.Generators.Tests.Infrastructure.DiagnosticAssert;

namespace FraiseQL.Generators.Tests;

/// <summary>
/// FORMATS §1.4: <c>cache_ttl_seconds</c> and <c>additional_views</c> reach the query descriptors the runtime's result
/// cache reads; a value that is not a whole number of seconds is an error at the value. [caching] is a known section.
/// </summary>
public class ResultCacheSchemaTests
{
    private static string Schema(string ttl) => $$"""
        {
          "types": [ { "name": "Order", "sql_source": "v_order", "fields": [ { "name": "id", "type": "ID", "nullable": false } ] } ],
          "queries": [ { "name": "orders", "return_type": "Order", "returns_list": true, "sql_source": "v_order",
                         "cache_ttl_seconds": {{ttl}}, "additional_views": ["v_order_item"] } ]
        }
        """;

    [Fact]
    public void Ttl_and_additional_views_reach_the_query_descriptor()
    {
        var service = GeneratedServiceLoader.Load("cachettl", (SchemaPath, Schema("30")));

        var orders = service.FindQuery("orders")!;
        Assert.Equal(30, orders.CacheTtlSeconds);
        Assert.Equal(["v_order_item"], orders.AdditionalViews);
    }

    [Theory]
    [InlineData("\"30\"")]
    [InlineData("-5")]
    [InlineData("1.5")]
    [InlineData("true")]
    public void A_ttl_that_is_not_a_whole_number_of_seconds_is_an_error_at_the_value(string ttl)
    {
        var text = Schema(ttl);
        var last = text.Split(ttl).Length - 1; // "true" is also returns_list's value, earlier in the text
        var d = At(Run(text), "FQL0109", SchemaPath, text, ttl, occurrence: last);
        Assert.Contains("cache_ttl_seconds", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_caching_section_is_known()
    {
        var toml = "[caching]\nenabled = true\nmax_entries = 5000\nmax_bytes = 1048576\n";
        Assert.DoesNotContain(Run(Schema("30"), toml), d => d.Severity >= DiagnosticSeverity.Warning);
    }

    [Fact]
    public void A_subscribe_entry_carries_the_views_its_handler_writes()
    {
        var toml = "[[observers.subscribe]]\nsubject = \"fraiseql.order.created\"\nhandler = \"fn_record\"\ninvalidates_views = [\"v_order_stats\", \"app.v_order\"]\n";
        var service = GeneratedServiceLoader.Load("subscribeviews", (SchemaPath, Schema("30")), (ConfigPath, toml));

        var entry = Assert.Single(service.Schema.Subscribes);
        Assert.Equal(["v_order_stats", "app.v_order"], entry.InvalidatesViews);
    }

    [Fact]
    public void Invalidates_views_that_is_not_an_array_of_strings_is_an_error_at_the_value()
    {
        var toml = "[[observers.subscribe]]\nsubject = \"fraiseql.order.created\"\nhandler = \"fn_record\"\ninvalidates_views = [\"v_a\", 3]\n";
        var d = At(Run(Schema("30"), toml), "FQL0208", ConfigPath, toml, "3");
        Assert.Contains("invalidates_views", d.GetMessage(), StringComparison.Ordinal);
        toml = "[[observers.subscribe]]\nsubject = \"fraiseql.order.created\"\nhandler = \"fn_record\"\ninvalidates_views = \"v_a\"\n";
        At(Run(Schema("30"), toml), "FQL0208", ConfigPath, toml, "\"v_a\"");
        toml = "[[observers.subscribe]]\nsubject = \"fraiseql.order.created\"\nhandler = \"fn_record\"\ninvalidates_views = [\"v_order; DROP TABLE x\"]\n";
        Assert.Contains("view names", At(Run(Schema("30"), toml), "FQL0208", ConfigPath, toml, "\"v_order; DROP TABLE x\"").GetMessage(), StringComparison.Ordinal);
    }
}
