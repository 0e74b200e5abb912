using FraiseQL.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace FraiseQL.Generators.Tests;

/// <summary>Every snapshot schema's generated code compiles with nullable enabled and warnings as errors,
/// against FraiseQL.Abstractions, Npgsql, DI abstractions and the BCL.</summary>
public class GeneratedCodeCompilesTests
{
    [Theory]
    [MemberData(nameof(SnapshotSchemas.All), MemberType = typeof(SnapshotSchemas))]
    public void GeneratedCodeHasNoCompilerDiagnostics(string schema)
    {
        var (result, output, _) = GeneratorHarness.Run(SnapshotSchemas.Files(schema));

        Assert.NotEmpty(result.GeneratedTrees);
        var diagnostics = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning || d.IsWarningAsError).ToList();
        Assert.True(diagnostics.Count == 0, string.Join("\n", diagnostics.Take(20)));
        using var stream = new MemoryStream();
        var emit = output.Emit(stream);
        Assert.True(emit.Success, string.Join("\n", emit.Diagnostics.Take(20)));
    }
}
