using FraiseQL.Generators.Tests.Infrastructure;

namespace FraiseQL.Generators.Tests;

/// <summary>GraphQL/C# naming: camelCase by default, preserve on request, Subjects constants disambiguated.</summary>
public class NamingTests
{
    private const string Schema = """
        {
          "types": [ { "name": "Order", "fields": [ { "name": "created_at", "type": "DateTime", "nullable": false } ] } ],
          "queries": [ { "name": "recent_orders", "return_type": "Order", "returns_list": true, "sql_source": "v_order" } ],
          "mutations": [ { "name": "create_order", "return_type": "Order", "sql_source": "fn_create_order" } ]
        }
        """;

    [Fact]
    public void DefaultConventionCamelCasesGraphQLNamesAndKeepsSnakeStorageKeys()
    {
        var (result, _, _) = GeneratorHarness.Run(("/s/schema.json", Schema));
        var sources = GeneratorHarness.Sources(result);
        Assert.Contains("Name = \"recentOrders\"", sources["Queries.g.cs"]);
        Assert.Contains("public static readonly global::FraiseQL.Schema.QueryDescriptor RecentOrders", sources["Queries.g.cs"]);
        Assert.Contains("Name = \"createdAt\", StorageKey = \"created_at\"", sources["Schema.g.cs"]);
    }

    [Fact]
    public void TomlPreserveConventionKeepsDeclaredNames()
    {
        var (result, _, _) = GeneratorHarness.Run(("/s/schema.json", Schema), ("/s/fraiseql.toml", "[naming]\nconvention = \"preserve\"\n"));
        var sources = GeneratorHarness.Sources(result);
        Assert.Contains("Name = \"recent_orders\"", sources["Queries.g.cs"]);
        Assert.Contains("Name = \"created_at\", StorageKey = \"created_at\"", sources["Schema.g.cs"]);
        Assert.Contains("\"create_order\" => Mutations.CreateOrder", sources["Registration.g.cs"]);
    }

    [Fact]
    public void SubjectConstantsThatCollideAreNumberedInOrdinalOrder()
    {
        // two subjects, one C# name ('-' and '.' both separate words); their durable consumer names differ ('-' is kept)
        var toml = """
            [[observers.subscribe]]
            subject = "fraiseql.order.created"
            handler = "fn_a"

            [[observers.subscribe]]
            subject = "fraiseql.order-created"
            handler = "fn_b"
            """;
        var (result, _, _) = GeneratorHarness.Run(("/s/schema.json", Schema), ("/s/fraiseql.toml", toml));
        Assert.DoesNotContain(result.Diagnostics, d => d.Id.StartsWith("FQL02", StringComparison.Ordinal));
        var subjects = GeneratorHarness.Sources(result)["Subjects.g.cs"];
        Assert.Contains("public const string FraiseqlOrderCreated = \"fraiseql.order-created\";", subjects);
        Assert.Contains("public const string FraiseqlOrderCreated_2 = \"fraiseql.order.created\";", subjects);
        var observers = GeneratorHarness.Sources(result)["Observers.g.cs"];
        Assert.Contains("Subjects.FraiseqlOrderCreated_2 => Handlers.FnA,", observers);
        Assert.Contains("Subjects.FraiseqlOrderCreated => Handlers.FnB,", observers);
    }

    [Fact]
    public void RootNamespaceFallsBackToFraiseQLGenerated()
    {
        var driver = GeneratorHarness.CreateDriver([new TestAdditionalText("/s/schema.json", Schema)], rootNamespace: null);
        driver = driver.RunGenerators(GeneratorHarness.CreateCompilation("class P { }"));
        Assert.All(driver.GetRunResult().GeneratedTrees, t => Assert.Contains("FraiseQL.Generated", t.ToString()));
    }
}
