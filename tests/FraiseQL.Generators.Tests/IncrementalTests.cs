using FraiseQL.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace FraiseQL.Generators.Tests;

/// <summary>The pipeline model is value-equatable: unrelated edits re-run nothing, a schema edit only the
/// outputs it affects (trackIncrementalGeneratorSteps).</summary>
public class IncrementalTests
{
    private static readonly string[] AllSteps =
    [
        TrackingNames.SchemaFiles, TrackingNames.ConfigFiles, TrackingNames.Options, TrackingNames.Config, TrackingNames.Schema,
        TrackingNames.Service, TrackingNames.Diagnostics, TrackingNames.Types, TrackingNames.Queries, TrackingNames.Mutations,
        TrackingNames.Subscriptions, TrackingNames.Subjects, TrackingNames.Observers, TrackingNames.SchemaOutput, TrackingNames.Registration,
    ];

    private static (GeneratorDriver Driver, Compilation Compilation, AdditionalText Schema) FirstRun()
    {
        var dir = RepositoryPaths.ExampleService("order-service");
        var schema = new TestAdditionalText(Path.Combine(dir, "schema.json"), File.ReadAllText(Path.Combine(dir, "schema.json")));
        var toml = new TestAdditionalText(Path.Combine(dir, "fraiseql.toml"), File.ReadAllText(Path.Combine(dir, "fraiseql.toml")));
        var driver = GeneratorHarness.CreateDriver([schema, toml]);
        var compilation = GeneratorHarness.CreateCompilation("namespace Fixture.Service; public static class Program { }");
        driver = driver.RunGenerators(compilation);
        Assert.Equal(8, driver.GetRunResult().GeneratedTrees.Length);
        return (driver, compilation, schema);
    }

    private static IncrementalStepRunReason[] Reasons(GeneratorRunResult result, string step) =>
        [.. result.TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Reason)];

    [Fact]
    public void UnrelatedCSharpEdit_LeavesEveryStepCached()
    {
        var (driver, compilation, _) = FirstRun();
        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace Fixture.Service; public sealed class Unrelated { public int X => 42; }"));

        driver = driver.RunGenerators(edited);
        var result = driver.GetRunResult().Results.Single();

        foreach (var step in AllSteps)
        {
            var reasons = Reasons(result, step);
            Assert.NotEmpty(reasons);
            Assert.All(reasons, r => Assert.Equal(IncrementalStepRunReason.Cached, r));
        }
        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs),
            o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
    }

    [Fact]
    public void MutationDescriptionEdit_ReRunsOnlyMutationsAndSchema()
    {
        var (driver, compilation, schema) = FirstRun();
        var text = schema.GetText()!.ToString();
        var changed = text.Replace("Mark an order shipped.", "Mark an order as shipped.");
        Assert.NotEqual(text, changed);

        driver = driver.ReplaceAdditionalText(schema, new TestAdditionalText(schema.Path, changed));
        driver = driver.RunGenerators(compilation);
        var result = driver.GetRunResult().Results.Single();

        Assert.All(Reasons(result, TrackingNames.Schema), r => Assert.Equal(IncrementalStepRunReason.Modified, r));
        Assert.All(Reasons(result, TrackingNames.Mutations), r => Assert.Equal(IncrementalStepRunReason.Modified, r));
        Assert.All(Reasons(result, TrackingNames.SchemaOutput), r => Assert.Equal(IncrementalStepRunReason.Modified, r));
        foreach (var step in new[] { TrackingNames.Types, TrackingNames.Queries, TrackingNames.Subscriptions, TrackingNames.Subjects, TrackingNames.Observers, TrackingNames.Registration, TrackingNames.Diagnostics })
        {
            Assert.All(Reasons(result, step), r => Assert.True(r is IncrementalStepRunReason.Unchanged or IncrementalStepRunReason.Cached, $"{step}: {r}"));
        }
        Assert.All(Reasons(result, TrackingNames.Config), r => Assert.Equal(IncrementalStepRunReason.Cached, r));
        var mutations = driver.GetRunResult().GeneratedTrees.Single(t => t.FilePath.EndsWith("Mutations.g.cs", StringComparison.Ordinal));
        Assert.Contains("Mark an order as shipped.", mutations.ToString());
    }

    [Fact]
    public void ConfigEdit_LeavesTypesAndQueriesUntouched()
    {
        var (driver, compilation, _) = FirstRun();
        var dir = RepositoryPaths.ExampleService("order-service");
        var tomlPath = Path.Combine(dir, "fraiseql.toml");
        var toml = File.ReadAllText(tomlPath);
        var oldText = new TestAdditionalText(tomlPath, toml);
        var schema = new TestAdditionalText(Path.Combine(dir, "schema.json"), File.ReadAllText(Path.Combine(dir, "schema.json")));
        driver = GeneratorHarness.CreateDriver([schema, oldText]).RunGenerators(compilation);
        driver = driver.ReplaceAdditionalText(oldText, new TestAdditionalText(tomlPath, toml + "\n[[observers.subscribe]]\nsubject = \"fraiseql.payment.settled\"\nhandler = \"fn_on_payment\"\n"));
        driver = driver.RunGenerators(compilation);
        var result = driver.GetRunResult().Results.Single();

        Assert.All(Reasons(result, TrackingNames.Subjects), r => Assert.Equal(IncrementalStepRunReason.Modified, r));
        Assert.All(Reasons(result, TrackingNames.Observers), r => Assert.Equal(IncrementalStepRunReason.Modified, r));
        foreach (var step in new[] { TrackingNames.Types, TrackingNames.Queries, TrackingNames.Mutations, TrackingNames.SchemaOutput })
        {
            Assert.All(Reasons(result, step), r => Assert.True(r is IncrementalStepRunReason.Unchanged or IncrementalStepRunReason.Cached, $"{step}: {r}"));
        }
    }
}
