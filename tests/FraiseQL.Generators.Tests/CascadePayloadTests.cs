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
            [("entity", "entity", "Order"), ("updatedFields", "updated_fields", "[String!]!"), ("cascade", "cascade", "CascadeUpdates"), ("message", "message", "String")],
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

    [Fact]
    public void Cascade_is_typed_and_queryable_entities_implement_CascadeNode()
    {
        var service = Load(Schema("""{ "name": "ship_order", "return_type": "Order", "sql_source": "fn_ship_order", "cascade": true }"""));

        string[] Fields(string type) => [.. service.Schema.Types.Single(t => t.Name == type).Fields.Select(f => $"{f.Name}:{f.Type}<-{f.StorageKey}")];
        Assert.Equal(["updated:[UpdatedEntity!]<-updated", "deleted:[DeletedEntity!]<-deleted", "invalidations:[QueryInvalidation!]<-invalidations", "metadata:CascadeMetadata<-metadata"], Fields("CascadeUpdates"));
        Assert.Equal(["typename:String!<-__typename", "id:ID!<-id", "operation:CascadeOperation<-operation", "entity:CascadeNode<-entity"], Fields("UpdatedEntity"));
        Assert.Equal(["typename:String!<-__typename", "id:ID!<-id", "deletedAt:DateTime<-deletedAt"], Fields("DeletedEntity"));
        Assert.Equal(["CREATED", "UPDATED", "DELETED"], service.Schema.Enums.Single(e => e.Name == "CascadeOperation").Values.Select(v => v.Name));
        Assert.Equal(["id"], service.Schema.Interfaces.Single(i => i.Name == "CascadeNode").Fields.Select(f => f.Name));
        Assert.Contains("CascadeNode", service.Schema.Types.Single(t => t.Name == "Order").Implements);
        Assert.DoesNotContain("CascadeNode", service.Schema.Types.Single(t => t.Name == "ShipOrderPayload").Implements);
        Assert.Contains("type Order implements CascadeNode", service.Schema.Sdl, StringComparison.Ordinal);
        Assert.Contains("interface CascadeNode", service.Schema.Sdl, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_cascade_mutation_no_cascade_types_are_added()
    {
        var service = Load(Schema("""{ "name": "ship_order", "return_type": "Order", "sql_source": "fn_ship_order" }"""));
        Assert.DoesNotContain(service.Schema.Types, t => t.Name == "CascadeUpdates");
        Assert.DoesNotContain(service.Schema.Interfaces, i => i.Name == "CascadeNode");
        Assert.Empty(service.Schema.Types.Single(t => t.Name == "Order").Implements);
    }

    [Fact]
    public void A_declared_type_named_like_a_cascade_type_is_a_name_conflict()
    {
        var text = Schema("""{ "name": "ship_order", "return_type": "Order", "sql_source": "fn_ship_order", "cascade": true }""")
            .Replace("[ { \"name\": \"Order\"", "[ { \"name\": \"CascadeMetadata\", \"fields\": [ { \"name\": \"x\", \"type\": \"Int\" } ] }, { \"name\": \"Order\"", StringComparison.Ordinal);
        var d = At(Run(text), "FQL0102", SchemaPath, text, "\"ship_order\"");
        Assert.Contains("CascadeMetadata", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_cascade_entity_whose_id_is_not_ID_is_an_error_at_the_id_type_and_one_without_id_at_the_return_type()
    {
        var mutation = """{ "name": "ship_order", "return_type": "Order", "sql_source": "fn_ship_order", "cascade": true }""";
        var uuid = Schema(mutation).Replace("\"type\": \"ID\"", "\"type\": \"UUID\"", StringComparison.Ordinal);
        var d = At(Run(uuid), "FQL0109", SchemaPath, uuid, "\"UUID\"");
        Assert.Contains("Order.id to be ID!, not UUID! (the CascadeNode interface's id is ID!", d.GetMessage(), StringComparison.Ordinal);

        var noId = Schema(mutation).Replace("\"name\": \"id\"", "\"name\": \"code\"", StringComparison.Ordinal);
        d = At(Run(noId), "FQL0109", SchemaPath, noId, "\"Order\", \"sql_source\": \"fn_ship_order\"");
        Assert.Contains("Order has no id", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_queryable_type_whose_id_is_not_ID_does_not_implement_CascadeNode()
    {
        var text = Schema("""{ "name": "ship_order", "return_type": "Order", "sql_source": "fn_ship_order", "cascade": true }""")
            .Replace("[ { \"name\": \"Order\"", "[ { \"name\": \"Product\", \"sql_source\": \"v_product\", \"fields\": [ { \"name\": \"id\", \"type\": \"UUID\", \"nullable\": false } ] }, { \"name\": \"Order\"", StringComparison.Ordinal);
        var service = Load(text);
        Assert.Contains("CascadeNode", service.Schema.Types.Single(t => t.Name == "Order").Implements);
        Assert.DoesNotContain("CascadeNode", service.Schema.Types.Single(t => t.Name == "Product").Implements);
    }
}

