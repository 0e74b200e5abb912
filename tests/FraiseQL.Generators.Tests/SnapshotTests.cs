using System.Text;
using FraiseQL.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace FraiseQL.Generators.Tests;

/// <summary>Snapshot of everything the generator emits for each realistic schema.</summary>
public class SnapshotTests
{
    [Theory]
    [MemberData(nameof(SnapshotSchemas.All), MemberType = typeof(SnapshotSchemas))]
    public void GeneratedOutputMatchesSnapshot(string schema)
    {
        var (result, _, _) = GeneratorHarness.Run(SnapshotSchemas.Files(schema));

        Assert.Empty(result.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning && d.Id != "FQL0110"));
        var sources = GeneratorHarness.Sources(result);
        Assert.Equal(
            ["Mutations.g.cs", "Observers.g.cs", "Queries.g.cs", "Registration.g.cs", "Schema.g.cs", "Subjects.g.cs", "Subscriptions.g.cs", "Types.g.cs"],
            sources.Keys.Order(StringComparer.Ordinal));
        var all = new StringBuilder();
        foreach (var (hint, text) in sources.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            all.Append("//// ").Append(hint).Append('\n').Append(text).Append('\n');
        }
        Snapshot.Verify(all.ToString(), schema);
    }

    [Fact]
    public void OutputIsDeterministicAcrossRuns()
    {
        var files = SnapshotSchemas.Files("all-features");
        var first = GeneratorHarness.Sources(GeneratorHarness.Run(files).Result);
        var second = GeneratorHarness.Sources(GeneratorHarness.Run(files).Result);
        Assert.Equal(first, second);
    }
}
