using FraiseQL.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using static FraiseQL.Generators.Tests.Infrastructure.DiagnosticAssert;

namespace FraiseQL.Generators.Tests;

/// <summary>
/// FORMATS §1.9: <c>[mutations] auto_error_union = true</c> makes each object-returning mutation return
/// <c>&lt;Mutation&gt;Result = &lt;Type&gt; | MutationError</c>, so failures come back in <c>data</c> as a typed object.
/// </summary>
public class AutoErrorUnionTests
{
    private const string Toml = "[mutations]\nauto_error_union = true\n";

    private static string Schema(string extraTypes = "") => $$"""
        {
          "types": [
            {{extraTypes}}
            { "name": "Order", "sql_source": "v_order", "fields": [ { "name": "id", "type": "ID", "nullable": false } ] }
          ],
          "queries": [ { "name": "orders", "return_type": "Order", "returns_list": true, "sql_source": "v_order" } ],
          "mutations": [
            { "name": "ship_order", "return_type": "Order", "sql_source": "fn_ship_order", "arguments": [ { "name": "id", "type": "ID", "nullable": false } ] },
            { "name": "cancel_order", "return_type": "Order", "sql_source": "fn_cancel_order", "arguments": [ { "name": "id", "type": "ID", "nullable": false } ] },
            { "name": "ship_all", "return_type": "Order", "returns_list": true, "sql_source": "fn_ship_all" }
          ]
        }
        """;

    [Fact]
    public void Object_returning_mutations_return_a_result_union_with_one_shared_error_type()
    {
        var (result, _, _) = GeneratorHarness.Run((SchemaPath, Schema()), (ConfigPath, Toml));
        Assert.Empty(result.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning));
        var service = GeneratedServiceLoader.Load("auto-error-union", (SchemaPath, Schema()), (ConfigPath, Toml));

        Assert.Equal("ShipOrderResult", service.FindMutation("shipOrder")!.ReturnType);
        Assert.Equal("CancelOrderResult", service.FindMutation("cancelOrder")!.ReturnType);
        Assert.Equal("Order", service.FindMutation("shipAll")!.ReturnType); // lists keep their type
        var union = service.Schema.Unions.Single(u => u.Name == "ShipOrderResult");
        Assert.Equal(["Order", "MutationError"], union.MemberTypes);
        var error = Assert.Single(service.Schema.Types, t => t.Name == "MutationError");
        Assert.True(error.IsError);
        Assert.Equal(
            [("status", "status", "String!"), ("message", "message", "String"), ("httpStatus", "http_status", "Int"), ("errorClass", "error_class", "String")],
            error.Fields.Select(f => (f.Name, f.StorageKey, f.Type)));
        Assert.Contains("union ShipOrderResult = Order | MutationError", service.Schema.Sdl, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_the_setting_mutations_keep_their_declared_type()
    {
        var service = GeneratedServiceLoader.Load("no-error-union", (SchemaPath, Schema()));
        Assert.Equal("Order", service.FindMutation("shipOrder")!.ReturnType);
        Assert.DoesNotContain(service.Schema.Types, t => t.Name == "MutationError");
    }

    [Fact]
    public void A_declared_MutationError_that_is_not_an_error_type_is_a_name_conflict()
    {
        var text = Schema("""{ "name": "MutationError", "fields": [ { "name": "x", "type": "Int" } ] },""");
        var diagnostics = Run(text, Toml);
        var conflicts = diagnostics.Where(d => d.Id == "FQL0102").ToList();
        Assert.Equal(2, conflicts.Count); // one per object-returning mutation, at its name
        Assert.Contains("is_error", conflicts[0].GetMessage(), StringComparison.Ordinal);
        Assert.Equal(Position(text, "\"ship_order\""), (conflicts[0].Location.GetLineSpan().StartLinePosition.Line + 1, conflicts[0].Location.GetLineSpan().StartLinePosition.Character + 1));
    }
}
