using FraiseQL.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using static FraiseQL.Generators.Tests.Infrastructure.DiagnosticAssert;

namespace FraiseQL.Generators.Tests;

/// <summary>One test per schema.json diagnostic (FQL00xx, FQL01xx): id, severity and exact location.</summary>
public class SchemaDiagnosticTests
{
    private const string Order = """{ "name": "Order", "fields": [ { "name": "id", "type": "ID", "nullable": false } ] }""";

    private static string Schema(string types = Order, string queries = "", string mutations = "", string extra = "") => $$"""
        {
          "types": [
            {{types}}
          ],
          "queries": [
            {{queries}}
          ],
          "mutations": [
            {{mutations}}
          ]{{extra}}
        }
        """;

    [Fact]
    public void FQL0001_MalformedJson_PointsAtTheOffendingCharacter()
    {
        var text = "{\n  \"types\": [\n    { \"name\": \"Order\", }\n  ]\n}\n";
        var d = At(Run(text), "FQL0001", SchemaPath, text, "}\n  ]");
        Assert.Contains("line 3, column 24", d.GetMessage());
    }

    [Fact]
    public void FQL0001_IsTheOnlyErrorWhenSchemaJsonCannotBeRead()
    {
        var toml = "[[observers.publish]]\nmutation = \"create_order\"\nsubject = \"fraiseql.order.created\"\n";
        var diagnostics = Run("{ \"types\": [", toml);
        Assert.Equal(["FQL0001"], diagnostics.Select(d => d.Id));
    }

    [Fact]
    public void FQL0003_TwoSchemaFiles()
    {
        var (result, _, _) = GeneratorHarness.Run(("/a/schema.json", Schema()), ("/b/Schema.JSON", Schema()));
        var d = Assert.Single(result.Diagnostics, x => x.Id == "FQL0003");
        Assert.Equal("/b/Schema.JSON", d.Location.GetLineSpan().Path);
        OnlyThePlaceholderRegistration(result);
    }

    [Fact]
    public void FQL0004_TwoConfigFiles()
    {
        var (result, _, _) = GeneratorHarness.Run(("/a/schema.json", Schema()), ("/a/fraiseql.toml", ""), ("/b/fraiseql.toml", ""));
        var d = Assert.Single(result.Diagnostics, x => x.Id == "FQL0004");
        Assert.Equal("/b/fraiseql.toml", d.Location.GetLineSpan().Path);
        OnlyThePlaceholderRegistration(result);
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    [InlineData("\r")]
    public void FQL0100_LineAndColumnFollowEveryLineEnding(string newline)
    {
        // a tab counts as one column, as in the compiler's own positions
        var text = "{" + newline + "\t\"types\": [" + newline + "\t\t{ \"name\": \"Order\", \"colour\": 1, \"fields\": [ { \"name\": \"id\", \"type\": \"ID\", \"nullable\": false } ] }" + newline + "\t]" + newline + "}";
        var d = Assert.Single(Run(text), x => x.Id == "FQL0100");
        var span = d.Location.GetLineSpan();
        Assert.Equal((2, 21), (span.StartLinePosition.Line, span.StartLinePosition.Character));
    }

    [Fact]
    public void FQL0005_DuplicateKey_PointsAtTheSecondOccurrence()
    {
        var text = Schema(queries: """{ "name": "orders", "return_type": "Order", "returns_list": true, "sql_source": "v_order", "sql_source": "v_order_archive" }""");
        var d = At(Run(text), "FQL0005", SchemaPath, text, "\"sql_source\"", occurrence: 2);
        var (line, column) = Position(text, "\"sql_source\"");
        Assert.Contains($"first at line {line}, column {column}", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void FQL0100_UnknownKey_IsAWarningAtTheKey()
    {
        var text = Schema(types: """{ "name": "Order", "colour": "red", "fields": [ { "name": "id", "type": "ID", "nullable": false } ] }""");
        var d = At(Run(text), "FQL0100", SchemaPath, text, "\"colour\"", severity: DiagnosticSeverity.Warning);
        Assert.Contains("colour", d.GetMessage());
    }

    [Fact]
    public void FQL0101_UnknownTypeReference_PointsAtTheTypeToken()
    {
        var text = Schema(queries: """{ "name": "order", "return_type": "Ordr", "sql_source": "v_order" }""");
        var d = At(Run(text), "FQL0101", SchemaPath, text, "\"Ordr\"");
        Assert.Contains("Ordr", d.GetMessage());
    }

    [Fact]
    public void FQL0101_UnknownFieldType()
    {
        var text = Schema(types: """{ "name": "Order", "fields": [ { "name": "customer", "type": "[Custmer!]", "nullable": false } ] }""");
        At(Run(text), "FQL0101", SchemaPath, text, "\"[Custmer!]\"");
    }

    [Fact]
    public void FQL0102_DuplicateTypeName()
    {
        var text = Schema(types: Order + ",\n" + Order);
        At(Run(text), "FQL0102", SchemaPath, text, "\"Order\"", occurrence: 2);
    }

    [Fact]
    public void FQL0103_DuplicateFieldName()
    {
        var text = Schema(types: """{ "name": "Order", "fields": [ { "name": "id", "type": "ID", "nullable": false }, { "name": "id", "type": "ID", "nullable": false } ] }""");
        At(Run(text), "FQL0103", SchemaPath, text, "\"id\"", occurrence: 2);
    }

    [Fact]
    public void FQL0104_DuplicateQueryName_AfterCamelCasing()
    {
        var text = Schema(queries: """{ "name": "all_orders", "return_type": "Order", "sql_source": "v_order" }, { "name": "allOrders", "return_type": "Order", "sql_source": "v_order" }""");
        At(Run(text), "FQL0104", SchemaPath, text, "\"allOrders\"");
    }

    [Fact]
    public void FQL0104_DuplicateMutationName()
    {
        var m = """{ "name": "create_order", "return_type": "Order", "sql_source": "fn_create_order" }""";
        var text = Schema(mutations: m + ", " + m);
        At(Run(text), "FQL0104", SchemaPath, text, "\"create_order\"", occurrence: 2);
    }

    [Fact]
    public void FQL0105_QueryWithoutSqlSource()
    {
        var text = Schema(queries: """{ "name": "orders", "return_type": "Order", "returns_list": true }""");
        var d = At(Run(text), "FQL0105", SchemaPath, text, "\"orders\"");
        Assert.Contains("v_order", d.GetMessage());
    }

    [Fact]
    public void FQL0105_MutationWithoutSqlSource()
    {
        var text = Schema(mutations: """{ "name": "create_order", "return_type": "Order" }""");
        var d = At(Run(text), "FQL0105", SchemaPath, text, "\"create_order\"");
        Assert.Contains("fn_create_order", d.GetMessage());
    }

    [Fact]
    public void FQL0106_InvalidSqlIdentifier()
    {
        var text = Schema(queries: """{ "name": "orders", "return_type": "Order", "sql_source": "v_order; DROP TABLE x" }""");
        At(Run(text), "FQL0106", SchemaPath, text, "\"v_order; DROP");
    }

    [Fact]
    public void FQL0107_TypeNameIsCSharpKeyword()
    {
        var text = Schema(types: """{ "name": "event", "fields": [ { "name": "id", "type": "ID", "nullable": false } ] }""");
        At(Run(text), "FQL0107", SchemaPath, text, "\"event\"");
    }

    [Fact]
    public void FQL0108_TypeNamesCollideAfterPascalCasing()
    {
        var text = Schema(types: Order + """, { "name": "order", "fields": [ { "name": "id", "type": "ID", "nullable": false } ] }""");
        var d = At(Run(text), "FQL0108", SchemaPath, text, "\"order\"");
        Assert.Contains("\"Order\"", d.GetMessage());
    }

    [Theory]
    [InlineData("""{ "name": "Order-Line", "fields": [ { "name": "id", "type": "ID", "nullable": false } ] }""", "", "\"Order-Line\"")]
    [InlineData("""{ "name": "Ördér", "fields": [ { "name": "id", "type": "ID", "nullable": false } ] }""", "", "\"Ördér\"")]
    [InlineData("""{ "name": "Order", "fields": [ { "name": "id", "type": "ID", "nullable": false }, { "name": "unit price", "type": "Float", "nullable": true } ] }""", "", "\"unit price\"")]
    [InlineData("""{ "name": "Order", "fields": [ { "name": "id", "type": "ID", "nullable": false }, { "name": "2nd_line", "type": "String", "nullable": true } ] }""", "", "\"2nd_line\"")]
    [InlineData("""{ "name": "Order", "fields": [ { "name": "id", "type": "ID", "nullable": false }, { "name": "__typename", "type": "String", "nullable": true } ] }""", "", "\"__typename\"")]
    [InlineData(Order, """, "enums": [ { "name": "Flag", "values": [ { "name": "on" }, { "name": "null" } ] } ]""", "\"null\"")]
    [InlineData(Order, """, "enums": [ { "name": "Flag", "values": [ "on", "true" ] } ]""", "\"true\"")]
    public void FQL0117_NotAGraphQLName(string types, string extra, string at)
    {
        var text = Schema(types: types, extra: extra);
        At(Run(text), "FQL0117", SchemaPath, text, at);
    }

    [Fact]
    public void FQL0117_OperationNameInvalidAfterCamelCasing()
    {
        var text = Schema(queries: """{ "name": "orders.all", "return_type": "Order", "returns_list": true, "sql_source": "v_order" }""");
        var d = At(Run(text), "FQL0117", SchemaPath, text, "\"orders.all\"");
        Assert.Contains("'.'", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void FQL0118_ObjectTypeAsAnArgument_SaysItIsAnObjectTypeNotUnknown()
    {
        // a new user's first mutation: the entity type where its input type belongs
        var text = Schema(mutations: """{ "name": "create_order", "return_type": "Order", "sql_source": "fn_create_order", "arguments": [ { "name": "input", "type": "Order!" } ] }""");
        var diagnostics = Run(text);
        var d = At(diagnostics, "FQL0118", SchemaPath, text, "\"Order!\"");
        Assert.Equal(
            "argument \"input\" of mutation \"create_order\" is \"Order\", an object type, but an argument or an input field takes a scalar, an enum or an input type. " +
            "Declare an input type in input_types with the fields the client sends (e.g. \"OrderInput\") and use it here.",
            d.GetMessage());
        Assert.DoesNotContain(diagnostics, x => x.Id == "FQL0101");
    }

    [Fact]
    public void FQL0118_InputTypeAsAReturnType()
    {
        var text = Schema(
            queries: """{ "name": "draft", "return_type": "OrderInput", "sql_source": "v_draft" }""",
            extra: """, "input_types": [ { "name": "OrderInput", "fields": [ { "name": "total", "type": "Decimal" } ] } ]""");
        var d = At(Run(text), "FQL0118", SchemaPath, text, "\"OrderInput\"");
        Assert.StartsWith("return_type of query \"draft\" is \"OrderInput\", an input type, but a field or a return_type takes", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void FQL0110_UnknownFieldDirective_IsAWarningAtItsName()
    {
        // a misspelt tenant_id would otherwise leave row tenancy silently off for the type
        var text = Schema(types: """{ "name": "Order", "fields": [ { "name": "id", "type": "ID", "nullable": false }, { "name": "tenant_id", "type": "UUID", "nullable": false, "directives": [ { "name": "tenantId" } ] } ] }""");
        var d = At(Run(text), "FQL0110", SchemaPath, text, "\"tenantId\"", severity: DiagnosticSeverity.Warning);
        Assert.Contains("tenant_id", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void FQL0109_FieldDirectiveThatIsNotAnObject()
    {
        var text = Schema(types: """{ "name": "Order", "fields": [ { "name": "id", "type": "ID", "nullable": false, "directives": [ "deprecated" ] } ] }""");
        At(Run(text), "FQL0109", SchemaPath, text, "\"deprecated\"");
    }

    [Fact]
    public void FQL0109_MissingReturnType()
    {
        var text = Schema(queries: """{ "name": "orders", "sql_source": "v_order" }""");
        At(Run(text), "FQL0109", SchemaPath, text, "\"orders\"");
    }

    [Fact]
    public void FQL0110_NotSupportedFeature_IsAWarning()
    {
        var text = Schema(extra: ",\n  \"fact_tables\": [ { \"table_name\": \"tf_sales\" } ]");
        At(Run(text), "FQL0110", SchemaPath, text, "\"fact_tables\"", severity: DiagnosticSeverity.Warning);
    }

    [Fact]
    public void FQL0111_InvalidMutationOperation()
    {
        var text = Schema(mutations: """{ "name": "upsert_order", "return_type": "Order", "sql_source": "fn_upsert_order", "operation": "UPSERT" }""");
        At(Run(text), "FQL0111", SchemaPath, text, "\"UPSERT\"");
    }

    [Fact]
    public void FQL0112_MalformedTypeString()
    {
        var text = Schema(types: """{ "name": "Order", "fields": [ { "name": "tags", "type": "[String", "nullable": false } ] }""");
        At(Run(text), "FQL0112", SchemaPath, text, "\"[String\"");
    }

    [Fact]
    public void FQL0113_RefusedObserversInSchema()
    {
        var text = Schema(extra: ",\n  \"observers\": [ { \"name\": \"x\" } ]");
        At(Run(text), "FQL0113", SchemaPath, text, "\"observers\"");
    }

    [Fact]
    public void FQL0114_TypeNameCollidesWithGeneratedClass()
    {
        var text = Schema(types: """{ "name": "Queries", "fields": [ { "name": "id", "type": "ID", "nullable": false } ] }""");
        At(Run(text), "FQL0114", SchemaPath, text, "\"Queries\"");
    }

    private const string Interfaces = """
        ,
          "interfaces": [ { "name": "Named", "fields": [ { "name": "name", "type": "String", "nullable": false },
            { "name": "tags", "type": "[String!]", "nullable": true } ] } ]
        """;

    private const string Sample = """{ "name": "Sample", "fields": [ { "name": "code", "type": "String", "nullable": false } ] }""";

    [Fact]
    public void FQL0116_OffsetPagesOverATypeWithoutAnId_IsAWarningAtTheQuery()
    {
        var text = Schema(types: Order + ", " + Sample, queries: """{ "name": "samples", "return_type": "Sample", "returns_list": true, "sql_source": "v_sample" }""");
        var d = At(Run(text), "FQL0116", SchemaPath, text, "\"samples\"", severity: DiagnosticSeverity.Warning);
        Assert.Contains("over type \"Sample\", which has no \"id\" field", d.GetMessage(), StringComparison.Ordinal);
    }

    [Theory]
    // an id to order by: ID or UUID, nullable or not
    [InlineData("""{ "name": "Sample", "fields": [ { "name": "id", "type": "UUID", "nullable": true }, { "name": "code", "type": "String", "nullable": false } ] }""", "")]
    // Relay pages by keyset, not by offset
    [InlineData(Sample, ", \"relay\": true")]
    // no offset argument, so no pages to overlap
    [InlineData(Sample, ", \"auto_params\": { \"offset\": false }")]
    public void FQL0116_IsNotReportedWhenPagesHaveAStableOrder(string type, string queryExtra)
    {
        var text = Schema(types: Order + ", " + type, queries: $$"""{ "name": "samples", "return_type": "Sample", "returns_list": true, "sql_source": "v_sample"{{queryExtra}} }""");
        Assert.DoesNotContain(Run(text), d => d.Id == "FQL0116");
        // a single object is not paged either
        text = Schema(types: Order + ", " + Sample, queries: """{ "name": "sample", "return_type": "Sample", "sql_source": "v_sample" }""");
        Assert.DoesNotContain(Run(text), d => d.Id == "FQL0116");
    }

    [Fact]
    public void FQL0115_AnImplementingTypeMissingAnInterfaceField_PointsAtTheType()
    {
        var text = Schema(types: """{ "name": "Tag", "implements": ["Named"], "fields": [ { "name": "name", "type": "String", "nullable": false } ] }""", extra: Interfaces);
        var d = At(Run(text), "FQL0115", SchemaPath, text, "\"Tag\"");
        Assert.Contains("has no field \"tags\"", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void FQL0115_AFieldTypeTheInterfaceDoesNotAllow_PointsAtTheFieldType()
    {
        // nullable where the interface says non-null
        var text = Schema(types: """{ "name": "Tag", "implements": ["Named"], "fields": [ { "name": "name", "type": "String", "nullable": true }, { "name": "tags", "type": "[String!]", "nullable": true } ] }""", extra: Interfaces);
        var d = At(Run(text), "FQL0115", SchemaPath, text, "\"String\", \"nullable\": true");
        Assert.Contains("declares \"name\" as String, which the interface's String! does not allow", d.GetMessage(), StringComparison.Ordinal);
        // another scalar
        text = Schema(types: """{ "name": "Tag", "implements": ["Named"], "fields": [ { "name": "name", "type": "ID", "nullable": false }, { "name": "tags", "type": "[String!]", "nullable": true } ] }""", extra: Interfaces);
        At(Run(text), "FQL0115", SchemaPath, text, "\"ID\"");
    }

    [Fact]
    public void FQL0115_NonNullAndCovariantFieldTypesAreValidImplementations()
    {
        // non-null where the interface is nullable, a non-null list element, an object member of a union, an object
        // implementing the interface the interface field returns and an interface implementing it: all allowed by
        // IsValidImplementationFieldType
        var text = Schema(
            types: """
                { "name": "Tag", "implements": ["Named", "Entity"], "fields": [ { "name": "name", "type": "String", "nullable": false },
                  { "name": "tags", "type": "[String!]", "nullable": false }, { "name": "owner", "type": "Tag", "nullable": false },
                  { "name": "parent", "type": "Tag", "nullable": true }, { "name": "self", "type": "Named", "nullable": true } ] }
                """,
            extra: """
                ,
                  "unions": [ { "name": "Owner", "member_types": ["Tag"] } ],
                  "interfaces": [ { "name": "Named", "implements": ["Entity"], "fields": [ { "name": "name", "type": "String", "nullable": false },
                    { "name": "tags", "type": "[String]", "nullable": true }, { "name": "owner", "type": "Owner", "nullable": true },
                    { "name": "parent", "type": "Named", "nullable": true }, { "name": "self", "type": "Entity", "nullable": true } ] },
                    { "name": "Entity", "fields": [ { "name": "self", "type": "Entity", "nullable": true } ] } ]
                """);
        Assert.DoesNotContain(Run(text), d => d.Id == "FQL0115");
    }

    /// <summary>Interface Priced: price without a scope, cost with <c>read:cost</c> masked (or <paramref name="cost"/>).</summary>
    private static string Priced(string cost = """, "requires_scope": "read:cost", "on_deny": "mask" """) => $$"""
        ,
          "interfaces": [ { "name": "Priced", "fields": [ { "name": "price", "type": "Decimal", "nullable": true }, { "name": "cost", "type": "Decimal", "nullable": true{{cost}} } ] } ]
        """;

    /// <summary>Product implements Priced; <paramref name="price"/> and <paramref name="cost"/> are added to its fields.</summary>
    private static string Product(string price = "", string cost = """, "requires_scope": "read:cost", "on_deny": "mask" """, string implements = """ "implements": ["Priced"], """) => $$"""
        { "name": "Product",{{implements}} "fields": [ { "name": "id", "type": "ID", "nullable": false },
          { "name": "price", "type": "Decimal", "nullable": true{{price}} }, { "name": "cost", "type": "Decimal", "nullable": true{{cost}} } ] }
        """;

    [Fact]
    public void FQL0304_AScopedFieldImplementingAnUnscopedInterfaceField_PointsAtTheField()
    {
        // priced { price } is authorized by Priced.price (no scope) and reads Product.price: the scope would not be checked
        var text = Schema(types: Product(price: ", \"requires_scope\": \"read:price\""), extra: Priced());
        var d = At(Run(text), "FQL0304", SchemaPath, text, "\"price\"");
        Assert.Equal(
            "Type \"Product\" implements \"Priced\", and its field \"price\" requires scope \"read:price\" (on_deny \"reject\"), but Priced.price has no requires_scope. "
            + "A selection through the interface (a field of type Priced, or a fragment on it) is authorized by Priced.price while the value is read from Product.price, so Product.price's scope would not be checked. "
            + "Give Priced.price the same requires_scope and on_deny.",
            d.GetMessage());
    }

    [Theory]
    // another scope
    [InlineData(""", "requires_scope": "read:cost" """, """, "requires_scope": "read:other" """,
        "its field \"cost\" requires scope \"read:cost\" (on_deny \"reject\"), but Priced.cost requires scope \"read:other\" (on_deny \"reject\").")]
    // the same scope, masked on the type but rejected on the interface
    [InlineData(""", "requires_scope": "read:cost", "on_deny": "mask" """, """, "requires_scope": "read:cost" """,
        "its field \"cost\" requires scope \"read:cost\" (on_deny \"mask\"), but Priced.cost requires scope \"read:cost\" (on_deny \"reject\").")]
    public void FQL0304_AnotherScopeOrOnDenyOnTheInterfaceField_PointsAtTheField(string cost, string interfaceCost, string message)
    {
        var text = Schema(types: Product(cost: cost), extra: Priced(interfaceCost));
        var d = At(Run(text), "FQL0304", SchemaPath, text, "\"cost\"");
        Assert.Contains(message, d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void FQL0304_IsNotReportedWhenTheInterfaceFieldCarriesTheRuleOrAStricterOne()
    {
        // the same scope and on_deny (compared as the runtime reads on_deny)
        var text = Schema(types: Product(cost: """, "requires_scope": "read:cost", "on_deny": "MASK" """), extra: Priced());
        Assert.DoesNotContain(Run(text), d => d.Id == "FQL0304");
        // a scoped interface field over an unscoped one: through the interface the scope is checked
        text = Schema(types: Product(cost: ""), extra: Priced());
        Assert.DoesNotContain(Run(text), d => d.Id == "FQL0304");
        // a scoped field of a type that implements no interface
        text = Schema(types: Product(price: ", \"requires_scope\": \"read:price\"", implements: ""), extra: Priced());
        Assert.DoesNotContain(Run(text), d => d.Id == "FQL0304");
    }

    [Fact]
    public void FQL0302_RefusedSecurityRules()
    {
        var text = Schema(extra: ",\n  \"security\": { \"rules\": [] }");
        At(Run(text), "FQL0302", SchemaPath, text, "\"rules\"");
    }

    [Fact]
    public void ErrorsSuppressEveryGeneratedSourceButThePlaceholderRegistration()
    {
        var text = Schema(queries: """{ "name": "order", "return_type": "Ordr", "sql_source": "v_order" }""");
        var (result, _, _) = GeneratorHarness.Run((SchemaPath, text));
        Assert.Contains(result.Diagnostics, d => d.Id == "FQL0101");
        OnlyThePlaceholderRegistration(result);
    }

    /// <summary>With errors only the placeholder <c>AddFraiseQLGenerated</c> is emitted (see ErrorPlaceholderTests).</summary>
    private static void OnlyThePlaceholderRegistration(Microsoft.CodeAnalysis.GeneratorDriverRunResult result)
    {
        var tree = Assert.Single(result.GeneratedTrees);
        Assert.EndsWith("Registration.g.cs", tree.FilePath, StringComparison.Ordinal);
        Assert.Contains("FraiseQL generated no service", tree.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void NoSchemaJson_GeneratesNothingAndReportsNothing()
    {
        // (a fraiseql.toml without schema.json is FQL0006)
        var (result, _, _) = GeneratorHarness.Run(("/svc/other.json", "{}"), ("/svc/appsettings.toml", "[project]\nname = \"x\"\n"));
        Assert.Empty(result.Diagnostics);
        Assert.Empty(result.GeneratedTrees);
    }

    [Fact]
    public void TruncatedOrGarbledInput_NeverThrows()
    {
        var full = File.ReadAllText(Path.Combine(RepositoryPaths.ExampleService("order-service"), "schema.json"));
        for (var length = 0; length < full.Length; length += 97)
        {
            var (result, _, _) = GeneratorHarness.Run((SchemaPath, full[..length]), (ConfigPath, "[observers\nx = "[..Math.Min(15, length % 16)]));
            Assert.Null(result.Results.Single().Exception);
            Assert.DoesNotContain(result.Diagnostics, d => d.Id == "CS8785");
        }
    }
}
