using FraiseQL.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using static FraiseQL.Generators.Tests.Infrastructure.DiagnosticAssert;

namespace FraiseQL.Generators.Tests;

/// <summary>
/// fraiseql.toml may spell a table as a <c>[section]</c> header, an inline table, dotted keys, or (for
/// <c>[[section]]</c>s) an array of inline tables. The runtime reads every spelling, so the generator must read
/// them the same way: a section it skipped would silently lose tenant injection or event publishing.
/// </summary>
public class TomlSpellingTests
{
    private const string TenantSchema = """
        {
          "types": [ { "name": "Doc", "fields": [ { "name": "id", "type": "ID", "nullable": false }, { "name": "tenant_id", "type": "UUID", "nullable": false, "directives": [ { "name": "tenant_id" } ] } ] } ],
          "queries": [ { "name": "docs", "return_type": "Doc", "returns_list": true, "sql_source": "v_doc" } ]
        }
        """;

    private const string OrderSchema = """
        {
          "types": [ { "name": "Order", "fields": [ { "name": "id", "type": "ID", "nullable": false } ] } ],
          "mutations": [ { "name": "create_order", "return_type": "Order", "sql_source": "fn_create_order" } ]
        }
        """;

    [Theory]
    [InlineData("[tenancy]\nmode = \"row\"\ntenant_claim = \"org\"\n")]
    [InlineData("tenancy = { mode = \"row\", tenant_claim = \"org\" }\n")]
    [InlineData("tenancy.mode = \"row\"\ntenancy.tenant_claim = \"org\"\n")]
    public void RowTenancyInjectsTheTenantColumnWhicheverWayTheTableIsWritten(string toml)
    {
        var (result, _, _) = GeneratorHarness.Run((SchemaPath, TenantSchema), (ConfigPath, toml));
        Assert.Empty(result.Diagnostics);
        Assert.Contains("new global::FraiseQL.Schema.InjectParamDescriptor { Name = \"tenant_id\", Source = \"jwt\", Claim = \"org\" }",
            GeneratorHarness.Sources(result)["Queries.g.cs"]);
    }

    [Theory]
    [InlineData("[observers]\npublish = [ { mutation = \"create_order\", subject = \"shop.order.created\" } ]\n")]
    [InlineData("observers = { publish = [ { mutation = \"create_order\", subject = \"shop.order.created\" } ] }\n")]
    public void PublishAsAnArrayOfInlineTablesIsAPublishEntry(string toml)
    {
        var (result, _, _) = GeneratorHarness.Run((SchemaPath, OrderSchema), (ConfigPath, toml));
        Assert.Empty(result.Diagnostics);
        Assert.Contains("Mutation = \"create_order\", Subject = \"shop.order.created\"", GeneratorHarness.Sources(result)["Observers.g.cs"]);
    }

    [Fact]
    public void AnInlinePublishEntryIsValidatedAtItsValue()
    {
        var toml = "[observers]\npublish = [ { mutation = \"create_ordr\", subject = \"shop.order.created\" } ]\n";
        At(Run(OrderSchema, toml), "FQL0201", ConfigPath, toml, "\"create_ordr\"");
    }

    [Fact]
    public void AnUnknownKeyInAnInlineTableIsReportedAtTheKey()
    {
        var toml = "[observers]\npublish = [ { mutation = \"create_order\", subject = \"shop.order.created\", topic = \"x\" } ]\n";
        At(Run(OrderSchema, toml), "FQL0200", ConfigPath, toml, "topic", severity: DiagnosticSeverity.Warning);
    }

    [Fact]
    public void AnUnknownDottedKeyIsReportedAtTheKey()
    {
        var toml = "tenancy.mood = \"row\"\n";
        At(Run(TenantSchema, toml), "FQL0200", ConfigPath, toml, "tenancy.mood", severity: DiagnosticSeverity.Warning);
    }
}
