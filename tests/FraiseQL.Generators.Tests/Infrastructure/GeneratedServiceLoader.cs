using System.Runtime.Loader;
using FraiseQL.Schema;

namespace FraiseQL.Generators.Tests.Infrastructure;

/// <summary>Runs the generator on files, compiles its output and loads the generated <see cref="IGeneratedService"/>.</summary>
public static class GeneratedServiceLoader
{
    public static IGeneratedService Load(string name, params (string Path, string Text)[] files)
    {
        var (_, output, _) = GeneratorHarness.Run(files);
        using var stream = new MemoryStream();
        var emit = output.Emit(stream);
        Assert.True(emit.Success, string.Join("\n", emit.Diagnostics));
        stream.Position = 0;
        var assembly = new AssemblyLoadContext(name, isCollectible: true).LoadFromStream(stream);
        var type = assembly.GetType(GeneratorHarness.Namespace + ".FraiseQLGenerated", throwOnError: true)!;
        return (IGeneratedService)type.GetField("Instance")!.GetValue(null)!;
    }
}
