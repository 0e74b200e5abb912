using FraiseQL.Hosting;
using FraiseQL.Runtime.Tests.Support;
using FraiseQL.Schema;
using Microsoft.Extensions.DependencyInjection;

namespace FraiseQL.Runtime.Tests;

/// <summary><c>&lt;service&gt; schema [--output &lt;file&gt;]</c>: the generated SDL, printed or written to a file.</summary>
public sealed class ShowSchemaCommandTests
{
    private const string Sdl = "type Query {\n  orders: [Order!]!\n}\n\ntype Order {\n  id: ID!\n}";

    private static ServiceProvider Services(string sdl)
    {
        var schema = new SchemaDescriptor { ServiceName = "schema-test", Sdl = sdl };
        return new ServiceCollection().AddFraiseQLGeneratedService(new TestSchema.GeneratedService(schema)).BuildServiceProvider();
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(string sdl, params string[] args)
    {
        await using var services = Services(sdl);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await ShowSchemaCommand.RunAsync(["schema", .. args], services, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task PrintsTheGeneratedSdlEndingWithANewline()
    {
        var (code, output, error) = await RunAsync(Sdl);
        Assert.Equal(0, code);
        Assert.Equal("", error);
        Assert.Equal(Sdl + "\n", output);
    }

    [Fact]
    public async Task WritesTheSdlToTheOutputFile()
    {
        var dir = Directory.CreateTempSubdirectory("fraiseql-schema-");
        try
        {
            var file = Path.Combine(dir.FullName, "schema.graphql");
            var (code, output, error) = await RunAsync(Sdl, "--output", file);
            Assert.Equal(0, code);
            Assert.Equal("", error);
            Assert.Equal($"schema: wrote {file}\n", output.ReplaceLineEndings("\n"));
            Assert.Equal(Sdl + "\n", await File.ReadAllTextAsync(file));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task AnUnknownArgumentOrAnUnwritableFileOrNoSdlIsAnError()
    {
        var (code, output, error) = await RunAsync(Sdl, "--format", "json");
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Contains("unexpected argument \"--format\"", error, StringComparison.Ordinal);
        Assert.Contains(ShowSchemaCommand.Usage, error, StringComparison.Ordinal);

        (code, output, error) = await RunAsync(Sdl, "--output", Path.Combine("/nonexistent-dir-for-fraiseql", "schema.graphql"));
        Assert.Equal(1, code);
        Assert.StartsWith("schema: cannot write /nonexistent-dir-for-fraiseql/schema.graphql:", error, StringComparison.Ordinal);

        (code, _, error) = await RunAsync("");
        Assert.Equal(1, code);
        Assert.Contains("carries no SDL", error, StringComparison.Ordinal);
    }
}
