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

    /// <summary>
    /// The types the generator synthesizes from schema.json flags (FORMATS §1.5, §1.6, §1.9, §4.4): relay connections
    /// and Node, count siblings, cascade payloads with CascadeNode, auto error unions, next to a type whose UUID id
    /// keeps it out of CascadeNode.
    /// </summary>
    private static readonly (string Path, string Text)[] SynthesizedFeatures =
    [
        ("/synthesized/schema.json", """
            {
              "types": [ { "name": "Order", "sql_source": "v_order", "relay": true, "fields": [
                  { "name": "id", "type": "ID", "nullable": false }, { "name": "status", "type": "String", "nullable": false },
                  { "name": "tags", "type": "[String!]", "nullable": false } ] },
                { "name": "Product", "sql_source": "v_product", "fields": [ { "name": "id", "type": "UUID", "nullable": false } ] } ],
              "queries": [ { "name": "orders", "return_type": "Order", "returns_list": true, "sql_source": "v_order", "relay": true },
                { "name": "order_list", "return_type": "Order", "returns_list": true, "sql_source": "v_order", "count": true },
                { "name": "products", "return_type": "Product", "returns_list": true, "sql_source": "v_product" } ],
              "mutations": [ { "name": "ship_order", "return_type": "Order", "sql_source": "fn_ship_order", "cascade": true },
                { "name": "create_order", "return_type": "Order", "sql_source": "fn_create_order" } ]
            }
            """),
        ("/synthesized/fraiseql.toml", "[mutations]\nauto_error_union = true\n"),
    ];

    [Theory]
    [MemberData(nameof(SnapshotSchemas.All), MemberType = typeof(SnapshotSchemas))]
    public void SdlParsesAndMatchesIntrospection(string schema) => CheckSdlAndIntrospection(schema, SnapshotSchemas.Files(schema));

    [Fact]
    public void SynthesizedTypesSdlParsesAndMatchesIntrospection() => CheckSdlAndIntrospection("synthesized", SynthesizedFeatures);

    /// <summary>
    /// Parses the SDL and checks the introspection JSON against it. With FRAISEQL_SDL_DIR set (<c>./fraiseql test</c>
    /// sets it) the SDL is also written there as <c>&lt;name&gt;.graphql</c>, and graphql-js then validates every file
    /// against the spec's type system rules (<c>tests/load/sdl-check.mjs</c>), which no .NET package served here does.
    /// </summary>
    private static void CheckSdlAndIntrospection(string schema, (string Path, string Text)[] files)
    {
        var (result, output, _) = GeneratorHarness.Run(files);
        Assert.Empty(result.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning));
        var sdl = Constant(output, "Sdl");
        var introspection = Constant(output, "IntrospectionJson");
        if (Environment.GetEnvironmentVariable("FRAISEQL_SDL_DIR") is { Length: > 0 } dir)
        {
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, schema + ".graphql"), sdl);
        }

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
