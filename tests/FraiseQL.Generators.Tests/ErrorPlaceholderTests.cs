using FraiseQL.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using static FraiseQL.Generators.Tests.Infrastructure.DiagnosticAssert;

namespace FraiseQL.Generators.Tests;

/// <summary>While schema.json has errors, the FQL diagnostics are the build's only errors.</summary>
public class ErrorPlaceholderTests
{
    private const string Program = """
        using Microsoft.Extensions.DependencyInjection;
        namespace Fixture.Service;
        public static class Startup
        {
            public static IServiceCollection Configure(IServiceCollection services) => services.AddFraiseQLGenerated();
        }
        """;

    [Fact]
    public void A_service_calling_AddFraiseQLGenerated_gets_only_the_FQL_errors_when_its_schema_has_one()
    {
        const string schema = """{ "types": [ { "name": "Order", "fields": [ { "name": "id", "type": "Missing" } ] } ], "queries": [] }""";
        var driver = GeneratorHarness.CreateDriver([new TestAdditionalText(SchemaPath, schema)]);
        driver = driver.RunGeneratorsAndUpdateCompilation(GeneratorHarness.CreateCompilation(Program), out var output, out var generatorDiagnostics);

        Assert.Contains(generatorDiagnostics, d => d.Id.StartsWith("FQL", StringComparison.Ordinal) && d.Severity == DiagnosticSeverity.Error);
        var compileErrors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(compileErrors.Count == 0, string.Join(" | ", compileErrors.Select(d => d.ToString())));
        Assert.Equal(["Registration.g.cs"], driver.GetRunResult().Results.Single().GeneratedSources.Select(s => s.HintName).ToArray());
    }

    [Fact]
    public void A_valid_schema_gets_the_real_registration_not_the_placeholder()
    {
        const string schema = """{ "types": [ { "name": "Order", "fields": [ { "name": "id", "type": "ID", "nullable": false } ] } ], "queries": [] }""";
        var (result, _, _) = GeneratorHarness.Run((SchemaPath, schema));
        Assert.DoesNotContain("FraiseQL generated no service", GeneratorHarness.Sources(result)["Registration.g.cs"], StringComparison.Ordinal);
    }
}
