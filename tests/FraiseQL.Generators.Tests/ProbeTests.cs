using FraiseQL.Generators.Tests.Infrastructure;

namespace FraiseQL.Generators.Tests;

public class ProbeTests
{
    [Fact]
    public void Probe()
    {
        var dir = RepositoryPaths.ExampleService("order-service");
        var (result, output, _) = GeneratorHarness.Run(
            (Path.Combine(dir, "schema.json"), File.ReadAllText(Path.Combine(dir, "schema.json"))),
            (Path.Combine(dir, "fraiseql.toml"), File.ReadAllText(Path.Combine(dir, "fraiseql.toml"))));
        var outDir = "/tmp/probe";
        Directory.CreateDirectory(outDir);
        foreach (var (k, v) in GeneratorHarness.Sources(result))
        {
            File.WriteAllText(Path.Combine(outDir, k), v);
        }
        File.WriteAllText(Path.Combine(outDir, "diags.txt"), string.Join("\n", result.Diagnostics.Concat(output.GetDiagnostics()).Select(d => d.ToString())));
    }
}
