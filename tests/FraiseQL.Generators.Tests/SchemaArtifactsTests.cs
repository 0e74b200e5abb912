using System.Text.Json;
using FraiseQL.Generators.Tests.Infrastructure;
using GraphQLParser;
using GraphQLParser.AST;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace FraiseQL.Generators.Tests;

/// <summary>The generated SDL is valid GraphQL and the introspection JSON is a consistent
/// <c>{"__schema":…}</c> describing the same types.</summary>
public class SchemaArtifactsTests
{
    private static string Constant(Compilation compilation, string field)
    {
        var tree = compilation.SyntaxTrees.Single(t => t.FilePath.EndsWith("Schema.g.cs", StringComparison.Ordinal));
        var declarator = tree.GetRoot().DescendantNodes().OfType<VariableDeclaratorSyntax>().Single(v => v.Identifier.Text == field);
        var value = compilation.GetSemanticModel(tree).GetConstantValue(declarator.Initializer!.Value);
        Assert.True(value.HasValue);
        return (string)value.Value!;
    }

    [Theory]
    [MemberData(nameof(SnapshotSchemas.All), MemberType = typeof(SnapshotSchemas))]
    public void SdlParsesAndMatchesIntrospection(string schema)
    {
        var (_, output, _) = GeneratorHarness.Run(SnapshotSchemas.Files(schema));
        var sdl = Constant(output, "Sdl");
        var introspection = Constant(output, "IntrospectionJson");

        var document = Parser.Parse(sdl);
        var sdlTypes = document.Definitions.OfType<GraphQLTypeDefinition>().Where(d => d is not GraphQLDirectiveDefinition).Select(d => d.Name.StringValue).ToHashSet(StringComparer.Ordinal);
        Assert.Contains("Query", sdlTypes);

        using var json = JsonDocument.Parse(introspection);
        var root = json.RootElement.GetProperty("__schema");
        Assert.Equal("Query", root.GetProperty("queryType").GetProperty("name").GetString());
        var types = root.GetProperty("types").EnumerateArray().ToDictionary(t => t.GetProperty("name").GetString()!, t => t, StringComparer.Ordinal);
        foreach (var name in sdlTypes)
        {
            Assert.True(types.ContainsKey(name), $"{name} is in the SDL but not in the introspection");
        }
        foreach (var builtIn in new[] { "String", "Int", "Float", "Boolean", "ID" })
        {
            Assert.Equal("SCALAR", types[builtIn].GetProperty("kind").GetString());
        }
        // Every type reference in the introspection names a type it describes.
        foreach (var reference in TypeRefs(root))
        {
            Assert.True(types.ContainsKey(reference), $"introspection references undeclared type {reference}");
        }
    }

    private static IEnumerable<string> TypeRefs(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            if (element.TryGetProperty("ofType", out var ofType) && element.TryGetProperty("name", out var name))
            {
                if (name.ValueKind == JsonValueKind.String)
                {
                    yield return name.GetString()!;
                }
                foreach (var r in TypeRefs(ofType))
                {
                    yield return r;
                }
                yield break;
            }
            foreach (var property in element.EnumerateObject())
            {
                foreach (var r in TypeRefs(property.Value))
                {
                    yield return r;
                }
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                foreach (var r in TypeRefs(item))
                {
                    yield return r;
                }
            }
        }
    }
}
