using BenchmarkDotNet.Attributes;
using FraiseQL.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace FraiseQL.Generators.Benchmarks;

/// <summary>
/// Generator run time on a 500-type schema (plus 1000 queries, 50 mutations, 100 observer entries):
/// a cold run (new driver), a re-run after an unrelated C# edit (everything cached), and a re-run after a
/// schema.json edit (parse + validate again, unaffected outputs cached).
/// </summary>
[MemoryDiagnoser]
public class GeneratorBenchmarks
{
    private const int TypeCount = 500;

    private CSharpCompilation _compilation = null!;
    private CSharpCompilation _editedCompilation = null!;
    private AdditionalText[] _files = null!;
    private AdditionalText _editedSchema = null!;
    private GeneratorDriver _warmDriver = null!;

    [GlobalSetup]
    public void Setup()
    {
        var (schema, toml) = SyntheticSchema.Generate(TypeCount);
        var (editedSchema, _) = SyntheticSchema.Generate(TypeCount, extraDescription: "(edited)");
        _files = [new TestAdditionalText("/bench/schema.json", schema), new TestAdditionalText("/bench/fraiseql.toml", toml)];
        _editedSchema = new TestAdditionalText("/bench/schema.json", editedSchema);
        _compilation = CSharpCompilation.Create("Bench",
            [CSharpSyntaxTree.ParseText("namespace Bench; public static class Program { }")],
            [MetadataReference.CreateFromFile(typeof(object).Assembly.Location)],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        _editedCompilation = _compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace Bench; public sealed class Unrelated { }"));
        _warmDriver = CreateDriver().RunGenerators(_compilation);
    }

    private GeneratorDriver CreateDriver() =>
        CSharpGeneratorDriver.Create(
            [new FraiseQLGenerator().AsSourceGenerator()],
            _files,
            new CSharpParseOptions(LanguageVersion.Latest),
            new TestAnalyzerConfigOptionsProvider(new Dictionary<string, string> { ["build_property.RootNamespace"] = "Bench" }));

    [Benchmark(Baseline = true, Description = "cold: 500 types")]
    public int Cold() => CreateDriver().RunGenerators(_compilation).GetRunResult().GeneratedTrees.Length;

    [Benchmark(Description = "after unrelated .cs edit")]
    public int AfterUnrelatedEdit() => _warmDriver.RunGenerators(_editedCompilation).GetRunResult().GeneratedTrees.Length;

    [Benchmark(Description = "after schema.json edit")]
    public int AfterSchemaEdit() =>
        _warmDriver.ReplaceAdditionalText(_files[0], _editedSchema).RunGenerators(_compilation).GetRunResult().GeneratedTrees.Length;
}
