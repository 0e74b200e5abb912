using FraiseQL.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using static FraiseQL.Generators.Tests.Infrastructure.DiagnosticAssert;

namespace FraiseQL.Generators.Tests;

/// <summary>
/// <c>"relay": true</c> on a type: it implements <c>Node</c>, and <c>node(id: ID!): Node</c> reads the views of every
/// such type, each with its own tenancy and role.
/// </summary>
public class NodeInterfaceTests
{
    private const string Config = "[tenancy]\nmode = \"row\"\ntenant_claim = \"tenant\"\n";

    private static string Schema(string types, string queries = "") => $$"""
        { "types": [ {{types}} ], "queries": [ {{queries}} ] }
        """;

    [Fact]
    public void Relay_types_implement_Node_and_node_reads_each_types_view_with_its_tenancy_and_role()
    {
        var text = Schema(
            """
            { "name": "Order", "relay": true, "requires_role": "staff", "fields": [ { "name": "id", "type": "ID", "nullable": false },
              { "name": "tenant_id", "type": "String", "nullable": false, "directives": [ { "name": "tenant_id" } ] } ] },
            { "name": "Product", "relay": true, "sql_source": "v_product", "fields": [ { "name": "id", "type": "ID", "nullable": false } ] },
            { "name": "Note", "fields": [ { "name": "id", "type": "ID", "nullable": false } ] }
            """,
            """{ "name": "orders", "return_type": "Order", "returns_list": true, "sql_source": "v_order" }""");
        var (result, _, _) = GeneratorHarness.Run((SchemaPath, text), (ConfigPath, Config));
        Assert.Empty(result.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning));
        var service = GeneratedServiceLoader.Load("node", (SchemaPath, text), (ConfigPath, Config));

        var node = service.FindQuery("node")!;
        Assert.Equal(("Node", true, false), (node.ReturnType, node.Nullable, node.ReturnsList));
        Assert.Equal(
            [("Order", "\"v_order\"", "staff", "tenant_id"), ("Product", "\"v_product\"", (string?)null, (string?)null)],
            node.NodeTypes.Select(n => (n.TypeName, n.SqlSource, n.RequiresRole, n.InjectParams.Select(p => p.Name).FirstOrDefault())));
        Assert.Contains("Node", service.Schema.Types.Single(t => t.Name == "Order").Implements);
        Assert.Contains("Node", service.Schema.Types.Single(t => t.Name == "Product").Implements);
        Assert.DoesNotContain("Node", service.Schema.Types.Single(t => t.Name == "Note").Implements);
        Assert.Contains("node(id: ID!): Node", service.Schema.Sdl, StringComparison.Ordinal);
        Assert.Contains("interface Node", service.Schema.Sdl, StringComparison.Ordinal);
    }

    [Fact]
    public void A_relay_type_without_an_id_or_a_view_is_an_error()
    {
        var noId = Schema("""{ "name": "Tag", "relay": true, "sql_source": "v_tag", "fields": [ { "name": "label", "type": "String", "nullable": false } ] }""");
        Assert.Contains("id field", At(Run(noId), "FQL0109", SchemaPath, noId, "\"Tag\"").GetMessage(), StringComparison.Ordinal);
        var noView = Schema("""{ "name": "Tag", "relay": true, "fields": [ { "name": "id", "type": "ID", "nullable": false } ] }""");
        Assert.Contains("sql_source", At(Run(noView), "FQL0109", SchemaPath, noView, "\"Tag\"").GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_relay_type_whose_id_is_not_ID_is_an_error_at_the_id_type()
    {
        // Node's id is ID!, and GraphQL does not let an implementing type change a field's type (clients that
        // validate the introspected schema would reject it)
        var text = Schema("""{ "name": "Tag", "relay": true, "sql_source": "v_tag", "fields": [ { "name": "id", "type": "UUID", "nullable": false } ] }""");
        var d = At(Run(text), "FQL0109", SchemaPath, text, "\"UUID\"");
        Assert.Contains("Tag.id to be ID!, not UUID! (the Node interface's id is ID!", d.GetMessage(), StringComparison.Ordinal);
    }
}

