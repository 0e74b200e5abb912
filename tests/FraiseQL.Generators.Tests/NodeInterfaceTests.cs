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

    private const string Order = """
        { "name": "Order", "relay": true, "fields": [ { "name": "id", "type": "ID", "nullable": false },
          { "name": "user_id", "type": "ID", "nullable": false }, { "name": "secret", "type": "String", "nullable": true } ] }
        """;

    /// <summary>node's branches as (type, view, role, injected parameter names).</summary>
    private static (string, string, string?, string)[] Branches(string schema, string? config = null)
    {
        (string, string)[] files = config is null ? [(SchemaPath, schema)] : [(SchemaPath, schema), (ConfigPath, config)];
        var (result, _, _) = GeneratorHarness.Run(files);
        Assert.Empty(result.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning));
        var node = GeneratedServiceLoader.Load("node-branches", files).FindQuery("node")!;
        return [.. node.NodeTypes.Select(n => (n.TypeName, n.SqlSource, n.RequiresRole, string.Join(",", n.InjectParams.Select(p => p.Name + "=" + p.Claim))))];
    }

    [Fact]
    public void Node_needs_the_role_of_the_only_query_that_returns_the_type()
    {
        // the only way to read an Order is admin_orders: node(id) { ... on Order { secret } } must not be a way around it
        var text = Schema(Order, """{ "name": "admin_orders", "return_type": "Order", "returns_list": true, "sql_source": "v_order", "requires_role": "admin" }""");
        Assert.Equal([("Order", "\"v_order\"", "admin", "")], Branches(text));
    }

    [Fact]
    public void Node_needs_one_of_the_roles_when_every_query_requires_one()
    {
        var text = Schema(Order, """
            { "name": "admin_orders", "return_type": "Order", "returns_list": true, "sql_source": "v_order", "requires_role": "admin" },
            { "name": "audited_order", "return_type": "Order", "arguments": [ { "name": "id", "type": "ID", "nullable": false } ], "sql_source": "v_order", "requires_role": "auditor" }
            """);
        Assert.Equal([("Order", "\"v_order\"", "admin", ""), ("Order", "\"v_order\"", "auditor", "")], Branches(text));
    }

    [Fact]
    public void A_query_without_a_role_or_injected_parameters_lets_every_caller_find_the_type()
    {
        // one branch, whatever the order of the queries: the open one grants everything the others do
        var open = """{ "name": "orders", "return_type": "Order", "returns_list": true, "sql_source": "v_order" }""";
        var admin = """{ "name": "admin_orders", "return_type": "Order", "returns_list": true, "sql_source": "v_order", "requires_role": "admin" }""";
        var mine = """{ "name": "my_orders", "return_type": "Order", "returns_list": true, "sql_source": "v_order", "inject_params": { "user_id": "jwt:sub" } }""";
        Assert.Equal([("Order", "\"v_order\"", (string?)null, "")], Branches(Schema(Order, admin + ", " + mine + ", " + open)));
        Assert.Equal([("Order", "\"v_order\"", (string?)null, "")], Branches(Schema(Order, open + ", " + admin)));
        // two equal queries make one branch
        Assert.Equal([("Order", "\"v_order\"", "admin", "")], Branches(Schema(Order, admin + ", " + admin.Replace("admin_orders", "all_orders", StringComparison.Ordinal))));
    }

    [Fact]
    public void Queries_with_different_injected_parameters_each_give_node_a_branch()
    {
        // a caller finds their own orders (my_orders), an admin every order (admin_orders); not the first query's
        // inject_params for everyone
        var text = Schema(Order, """
            { "name": "my_orders", "return_type": "Order", "returns_list": true, "sql_source": "v_order", "inject_params": { "user_id": "jwt:sub" } },
            { "name": "admin_orders", "return_type": "Order", "returns_list": true, "sql_source": "v_order", "requires_role": "admin" }
            """);
        Assert.Equal([("Order", "\"v_order\"", (string?)null, "user_id=sub"), ("Order", "\"v_order\"", "admin", "")], Branches(text));
    }

    [Fact]
    public void Each_branch_reads_its_querys_view_and_a_type_role_applies_to_queries_without_one()
    {
        // the public view may hold fewer rows than the admin one: node reads each with its own query's role
        var staffOrder = Order.Replace("\"relay\": true,", "\"relay\": true, \"requires_role\": \"staff\", \"sql_source\": \"v_order_all\",", StringComparison.Ordinal);
        var text = Schema(staffOrder, """
            { "name": "admin_orders", "return_type": "Order", "returns_list": true, "sql_source": "v_order_all", "requires_role": "admin" },
            { "name": "public_orders", "return_type": "Order", "returns_list": true, "sql_source": "v_order_public", "relay": true }
            """);
        Assert.Equal([("Order", "\"v_order_all\"", "admin", ""), ("Order", "\"v_order_public\"", "staff", "")], Branches(text));
    }

    [Fact]
    public void Counts_and_queries_resolved_over_NATS_do_not_open_node()
    {
        // remote_orders is answered by another service: no way into this one's view; ordersCount returns Int
        var text = Schema(Order, """
            { "name": "remote_orders", "return_type": "Order", "returns_list": true },
            { "name": "admin_orders", "return_type": "Order", "returns_list": true, "sql_source": "v_order", "requires_role": "admin", "count": true }
            """);
        var config = "[[observers.request]]\nquery = \"remote_orders\"\nsubject = \"fraiseql.orders.list\"\n";
        Assert.Equal([("Order", "\"v_order\"", "admin", "")], Branches(text, config));
    }
}

