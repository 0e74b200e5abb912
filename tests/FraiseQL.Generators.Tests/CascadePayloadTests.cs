using FraiseQL.Generators.Tests.Infrastructure;
using FraiseQL.Schema;
using Microsoft.CodeAnalysis;
using static FraiseQL.Generators.Tests.Infrastructure.DiagnosticAssert;

namespace FraiseQL.Generators.Tests;

/// <summary>
/// FORMATS §4.4: <c>"cascade": true</c> makes a mutation return <c>&lt;Mutation&gt;Payload {entity, updatedFields,
/// cascade, message}</c>, the form the runtime fills from mutation_response's entity, updated_fields, cascade and message.
/// </summary>
public class CascadePayloadTests
{
    private const string Types = """
        [ { "name": "Order", "sql_source": "v_order", "requires_role": "staff", "fields": [
            { "name": "id", "type": "ID", "nullable": false },
            { "name": "status", "type": "String", "nullable": false } ] } ]
        """;

    private static string Schema(string mutation) => $$"""
        {
          "types": {{Types}},
          "queries": [ { "name": "orders", "return_type": "Order", "returns_list": true, "sql_source": "v_order" } ],
          "mutations": [ {{mutation}} ]
        }
        """;

    private static IGeneratedService Load(string schema)
    {
        var (result, _, _) = GeneratorHarness.Run((SchemaPath, schema));
        Assert.Empty(result.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning));
        return GeneratedServiceLoader.Load("cascade", (SchemaPath, schema));
    }

    [Fact]
    public void Cascade_mutation_returns_a_synthesized_payload_with_the_entity_updated_fields_and_cascade()
    {
        var service = Load(Schema("""{ "name": "ship_order", "return_type": "Order", "sql_source": "fn_ship_order", "cascade": true, "arguments": [ { "name": "id", "type": "ID", "nullable": false } ] }"""));

        var ship = service.FindMutation("shipOrder")!;
        Assert.Equal("ShipOrderPayload", ship.ReturnType);
        Assert.Equal("staff", ship.RequiresRole); // the entity type's role still gates the mutation
        var payload = service.Schema.Types.Single(t => t.Name == "ShipOrderPayload");
        Assert.Equal(
            [("entity", "entity", "Order"), ("updatedFields", "updated_fields", "[String!]!"), ("cascade", "cascade", "JSON"), ("message", "message", "String")],
            payload.Fields.Select(f => (f.Name, f.StorageKey, f.Type)));
        Assert.True(payload.Embedded);
        Assert.Contains("shipOrder(id: ID!): ShipOrderPayload!", service.Schema.Sdl, StringComparison.Ordinal);
        Assert.Contains("type ShipOrderPayload", service.Schema.Sdl, StringComparison.Ordinal);
        Assert.Contains("\"name\":\"ShipOrderPayload\"", service.Schema.IntrospectionJson, StringComparison.Ordinal);
    }

    [Fact]
    public void Cascade_on_a_list_mutation_is_an_error_at_its_return_type()
    {
        var text = Schema("""{ "name": "ship_orders", "return_type": "Order", "returns_list": true, "sql_source": "fn_ship_orders", "cascade": true }""");
        var d = At(Run(text), "FQL0109", SchemaPath, text, "\"Order\", \"returns_list\": true, \"sql_source\": \"fn_ship_orders\"");
        Assert.Contains("cascade", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_declared_type_named_like_the_payload_is_a_name_conflict()
    {
        var text = Schema("""{ "name": "ship_order", "return_type": "Order", "sql_source": "fn_ship_order", "cascade": true }""")
            .Replace("[ { \"name\": \"Order\"", "[ { \"name\": \"ShipOrderPayload\", \"fields\": [ { \"name\": \"x\", \"type\": \"Int\" } ] }, { \"name\": \"Order\"", StringComparison.Ordinal);
        var d = At(Run(text), "FQL0102", SchemaPath, text, "\"ship_order\"");
        Assert.Contains("ShipOrderPayload", d.GetMessage(), StringComparison.Ordinal);
    }
}
