using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace FraiseQL.Generators.Tests.Infrastructure;

/// <summary>Runs <see cref="FraiseQLGenerator"/> in memory over AdditionalFiles and compiles the result.</summary>
public static class GeneratorHarness
{
    public const string Namespace = "Fixture.Service";

    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(LoadReferences);

    public static CSharpCompilation CreateCompilation(params string[] sources) =>
        CSharpCompilation.Create(
            "Fixture",
            sources.Select(s => CSharpSyntaxTree.ParseText(s, new CSharpParseOptions(LanguageVersion.Latest), path: "Program.cs")),
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable,
                generalDiagnosticOption: ReportDiagnostic.Error));

    public static GeneratorDriver CreateDriver(IEnumerable<AdditionalText> files, string? rootNamespace = Namespace, bool trackSteps = true) =>
        CSharpGeneratorDriver.Create(
            [new FraiseQLGenerator().AsSourceGenerator()],
            files,
            new CSharpParseOptions(LanguageVersion.Latest),
            new TestAnalyzerConfigOptionsProvider(rootNamespace is null
                ? new Dictionary<string, string>()
                : new Dictionary<string, string> { ["build_property.RootNamespace"] = rootNamespace }),
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    /// <summary>Runs the generator; returns the run result and the compilation with the generated code.</summary>
    public static (GeneratorDriverRunResult Result, Compilation Output, GeneratorDriver Driver) Run(params (string Path, string Text)[] files)
    {
        var driver = CreateDriver(files.Select(f => (AdditionalText)new TestAdditionalText(f.Path, f.Text)));
        var compilation = CreateCompilation("namespace Fixture.Service; public static class Program { }");
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        return (driver.GetRunResult(), output, driver);
    }

    /// <summary>Generated files of a run, by hint name.</summary>
    public static IReadOnlyDictionary<string, string> Sources(GeneratorDriverRunResult result) =>
        result.Results.Single().GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString(), StringComparer.Ordinal);

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator).ToHashSet(StringComparer.Ordinal);
        paths.Add(typeof(global::FraiseQL.Schema.SchemaDescriptor).Assembly.Location);
        paths.Add(typeof(NpgsqlTypes.NpgsqlDbType).Assembly.Location);
        paths.Add(typeof(Microsoft.Extensions.DependencyInjection.IServiceCollection).Assembly.Location);
        return [.. paths.Where(p => p.Length > 0).OrderBy(p => p, StringComparer.Ordinal).Select(p => MetadataReference.CreateFromFile(p))];
    }
}
