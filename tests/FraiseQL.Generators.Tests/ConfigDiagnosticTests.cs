using Microsoft.CodeAnalysis;
using static FraiseQL.Generators.Tests.Infrastructure.DiagnosticAssert;

namespace FraiseQL.Generators.Tests;

/// <summary>One test per fraiseql.toml diagnostic (FQL0002, FQL02xx, FQL03xx): id, severity and exact location.</summary>
public class ConfigDiagnosticTests
{
    private const string Schema = """
        {
          "types": [ { "name": "Order", "fields": [ { "name": "id", "type": "ID", "nullable": false } ] } ],
          "queries": [ { "name": "orders", "return_type": "Order", "returns_list": true, "sql_source": "v_order" } ],
          "mutations": [ { "name": "create_order", "return_type": "Order", "sql_source": "fn_create_order", "requires_role": "clerk" } ],
          "subscriptions": [ { "name": "order_created", "return_type": "Order", "topic": "order_created" } ]
        }
        """;

    [Fact]
    public void FQL0002_MalformedToml()
    {
        var toml = "[database]\nurl = \"${DATABASE_URL}\"\npool_max = = 3\n";
        var d = Assert.Single(Run(Schema, toml), x => x.Id == "FQL0002");
        Assert.Equal(ConfigPath, d.Location.GetLineSpan().Path);
        Assert.Equal(2, d.Location.GetLineSpan().StartLinePosition.Line);
        Assert.Contains("line 3", d.GetMessage());
    }

    [Fact]
    public void FQL0006_ConfigWithoutSchema_IsAWarningAtTheStartOfTheToml()
    {
        var (result, _, _) = Infrastructure.GeneratorHarness.Run((ConfigPath, "[project]\nname = \"orders\"\n"));
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal(("FQL0006", DiagnosticSeverity.Warning), (d.Id, d.Descriptor.DefaultSeverity));
        Assert.Equal(ConfigPath, d.Location.GetLineSpan().Path);
        Assert.Equal((0, 0), (d.Location.GetLineSpan().StartLinePosition.Line, d.Location.GetLineSpan().StartLinePosition.Character));
        Assert.Empty(result.GeneratedTrees);
    }

    [Fact]
    public void FQL0200_UnknownKey_IsAWarningAtTheKey()
    {
        var toml = "[database]\nurl = \"${DATABASE_URL}\"\npool_size = 3\n";
        var d = At(Run(Schema, toml), "FQL0200", ConfigPath, toml, "pool_size", severity: DiagnosticSeverity.Warning);
        Assert.Contains("pool_max", d.GetMessage());
    }

    [Fact]
    public void FQL0200_UnknownSection()
    {
        var toml = "[databse]\nurl = \"x\"\n";
        At(Run(Schema, toml), "FQL0200", ConfigPath, toml, "databse", severity: DiagnosticSeverity.Warning);
    }

    [Fact]
    public void FQL0201_PublishNamesUnknownMutation()
    {
        var toml = "[[observers.publish]]\nmutation = \"create_ordr\"\nsubject = \"fraiseql.order.created\"\n";
        var d = At(Run(Schema, toml), "FQL0201", ConfigPath, toml, "\"create_ordr\"");
        Assert.Contains("create_order", d.GetMessage());
    }

    [Theory]
    [InlineData("fraiseql..created")]
    [InlineData("fraiseql.order created")]
    [InlineData("fraiseql.order.*")]
    [InlineData("fraiseql.>")]
    public void FQL0202_InvalidPublishSubject(string subject)
    {
        var toml = $"[[observers.publish]]\nmutation = \"create_order\"\nsubject = \"{subject}\"\n";
        At(Run(Schema, toml), "FQL0202", ConfigPath, toml, $"\"{subject}\"");
    }

    [Fact]
    public void FQL0202_WildcardInsideATokenOfASubscribeSubject()
    {
        var toml = "[[observers.subscribe]]\nsubject = \"fraiseql.ord*\"\nhandler = \"fn_x\"\n";
        At(Run(Schema, toml), "FQL0202", ConfigPath, toml, "\"fraiseql.ord*\"");
    }

    [Fact]
    public void FQL0203_SubscriptionTopicWithNoSubscription()
    {
        var toml = "[[observers.publish]]\nmutation = \"create_order\"\nsubject = \"fraiseql.order.created\"\nsubscription_topic = \"order_made\"\n";
        var d = At(Run(Schema, toml), "FQL0203", ConfigPath, toml, "\"order_made\"");
        Assert.Contains("order_created", d.GetMessage());
    }

    [Fact]
    public void FQL0204_ConflictingSubscribeHandlers()
    {
        var toml = "[[observers.subscribe]]\nsubject = \"fraiseql.order.created\"\nhandler = \"fn_a\"\n\n[[observers.subscribe]]\nsubject = \"fraiseql.order.created\"\nhandler = \"fn_b\"\n";
        At(Run(Schema, toml), "FQL0204", ConfigPath, toml, "\"fn_b\"");
    }

    [Fact]
    public void FQL0205_DuplicateSubscribeEntry_IsAWarning()
    {
        var toml = "[[observers.subscribe]]\nsubject = \"fraiseql.order.created\"\nhandler = \"fn_a\"\n\n[[observers.subscribe]]\nsubject = \"fraiseql.order.created\"\nhandler = \"fn_a\"\n";
        At(Run(Schema, toml), "FQL0205", ConfigPath, toml, "\"fraiseql.order.created\"", occurrence: 2, severity: DiagnosticSeverity.Warning);
    }

    [Fact]
    public void FQL0206_RequestNamesUnknownQuery()
    {
        var toml = "[[observers.request]]\nquery = \"stock\"\nsubject = \"fraiseql.inventory.stock\"\n";
        At(Run(Schema, toml), "FQL0206", ConfigPath, toml, "\"stock\"");
    }

    [Fact]
    public void FQL0207_FederationEnabled_IsAWarningAtTheValue()
    {
        var toml = "[federation]\nservice_name = \"orders\"\nenabled = true\n";
        At(Run(Schema, toml), "FQL0207", ConfigPath, toml, "true", severity: DiagnosticSeverity.Warning);
        Assert.DoesNotContain(Run(Schema, "[federation]\nenabled = false\n"), d => d.Id == "FQL0207");
    }

    [Fact]
    public void FQL0207_NotSupportedSection_IsAWarning()
    {
        var toml = "[rest]\nenabled = true\n";
        At(Run(Schema, toml), "FQL0207", ConfigPath, toml, "rest", severity: DiagnosticSeverity.Warning);
    }

    [Fact]
    public void FQL0208_PublishWithoutSubject()
    {
        var toml = "[[observers.publish]]\nmutation = \"create_order\"\n";
        At(Run(Schema, toml), "FQL0208", ConfigPath, toml, "observers.publish");
    }

    [Fact]
    public void FQL0208_PublishWrittenAsOneTable()
    {
        // the runtime reads [[observers.publish]] as an array of tables and refuses a single table at start-up
        var toml = "[observers.publish]\nmutation = \"create_order\"\nsubject = \"fraiseql.order.created\"\n";
        var d = At(Run(Schema, toml), "FQL0208", ConfigPath, toml, "observers.publish");
        Assert.Contains("[[observers.publish]]", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void FQL0208_TenancyWrittenAsAnArrayOfTables()
    {
        var toml = "[[tenancy]]\nmode = \"row\"\n";
        At(Run(Schema, toml), "FQL0208", ConfigPath, toml, "tenancy");
    }

    [Fact]
    public void FQL0208_PublishGivenAScalar()
    {
        var toml = "[observers]\npublish = \"create_order\"\n";
        At(Run(Schema, toml), "FQL0208", ConfigPath, toml, "\"create_order\"");
    }

    [Fact]
    public void FQL0209_InvalidHandlerName()
    {
        var toml = "[[observers.subscribe]]\nsubject = \"fraiseql.order.created\"\nhandler = \"fn reserve\"\n";
        At(Run(Schema, toml), "FQL0209", ConfigPath, toml, "\"fn reserve\"");
    }

    [Fact]
    public void FQL0210_SubjectsSharingADurableConsumerName()
    {
        // '.' and '_' both become '_' in the consumer name: both loops would bind to one durable consumer
        var toml = "[[observers.subscribe]]\nsubject = \"shop.order.item_created\"\nhandler = \"fn_a\"\n\n" +
                   "[[observers.subscribe]]\nsubject = \"shop.order.item.created\"\nhandler = \"fn_b\"\n";
        var diagnostic = At(Run(Schema, toml), "FQL0210", ConfigPath, toml, "\"shop.order.item.created\"");
        Assert.Contains("\"shop.order.item_created\"", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("<service>-shop_order_item_created", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void FQL0210_AWildcardAndTheTokenItIsNamedAfter()
    {
        var toml = "[[observers.subscribe]]\nsubject = \"x.y.*\"\nhandler = \"fn_a\"\n\n[[observers.subscribe]]\nsubject = \"x.y.any\"\nhandler = \"fn_b\"\n";
        At(Run(Schema, toml), "FQL0210", ConfigPath, toml, "\"x.y.any\"");
    }

    [Fact]
    public void FQL0300_DuplicateRoleDefinition()
    {
        var toml = "[[security.role_definitions]]\nname = \"clerk\"\n\n[[security.role_definitions]]\nname = \"clerk\"\n";
        At(Run(Schema, toml), "FQL0300", ConfigPath, toml, "\"clerk\"", occurrence: 2);
    }

    [Fact]
    public void FQL0301_RequiresRoleNamesUndefinedRole_IsAWarningInSchemaJson()
    {
        var toml = "[[security.role_definitions]]\nname = \"admin\"\n";
        var d = At(Run(Schema, toml), "FQL0301", SchemaPath, Schema, "\"create_order\"", severity: DiagnosticSeverity.Warning);
        Assert.Contains("clerk", d.GetMessage());
    }

    [Fact]
    public void FQL0302_SecurityPoliciesAreRefused()
    {
        var toml = "[[security.policies]]\nname = \"p\"\n";
        At(Run(Schema, toml), "FQL0302", ConfigPath, toml, "security.policies");
    }

    [Fact]
    public void FQL0303_RowTenancyColumnMissingFromInjectParams()
    {
        var schema = """
            {
              "types": [ { "name": "Doc", "fields": [ { "name": "id", "type": "ID", "nullable": false }, { "name": "tenant_id", "type": "UUID", "nullable": false, "directives": [ { "name": "tenant_id" } ] } ] } ],
              "queries": [
                { "name": "docs", "return_type": "Doc", "returns_list": true, "sql_source": "v_doc", "inject_params": { "owner_id": "jwt:sub" } },
                { "name": "all_docs", "return_type": "Doc", "returns_list": true, "sql_source": "v_doc" }
              ]
            }
            """;
        var toml = "[tenancy]\nmode = \"row\"\ntenant_claim = \"org\"\n";
        var d = At(Run(schema, toml), "FQL0303", SchemaPath, schema, "\"docs\"");
        Assert.Contains("jwt:org", d.GetMessage());
    }

    [Fact]
    public void RowTenancyInjectsTheTenantColumnWhenInjectParamsAreEmpty()
    {
        var schema = """
            {
              "types": [ { "name": "Doc", "fields": [ { "name": "id", "type": "ID", "nullable": false }, { "name": "tenant_id", "type": "UUID", "nullable": false, "directives": [ { "name": "tenant_id" } ] } ] } ],
              "queries": [ { "name": "docs", "return_type": "Doc", "returns_list": true, "sql_source": "v_doc" } ]
            }
            """;
        var (result, _, _) = Infrastructure.GeneratorHarness.Run((SchemaPath, schema), (ConfigPath, "[tenancy]\nmode = \"row\"\ntenant_claim = \"org\"\n"));
        Assert.Empty(result.Diagnostics);
        Assert.Contains("new global::FraiseQL.Schema.InjectParamDescriptor { Name = \"tenant_id\", Source = \"jwt\", Claim = \"org\" }",
            Infrastructure.GeneratorHarness.Sources(result)["Queries.g.cs"]);
    }

    [Fact]
    public void EnvironmentPlaceholdersAreKeptVerbatim()
    {
        var toml = "[database]\nurl = \"${DATABASE_URL}\"\n\n[observers]\nnats_url = \"${NATS_URL:-nats://127.0.0.1:4222}\"\n";
        var (result, _, _) = Infrastructure.GeneratorHarness.Run((SchemaPath, Schema), (ConfigPath, toml));
        Assert.Empty(result.Diagnostics);
        var registration = Infrastructure.GeneratorHarness.Sources(result)["Registration.g.cs"];
        Assert.Contains("url = \"${DATABASE_URL}\"", registration);
        Assert.Contains("${NATS_URL:-nats://127.0.0.1:4222}", registration);
    }
}
