using Microsoft.CodeAnalysis;

namespace FraiseQL.Generators.Tests.Infrastructure;

/// <summary>Runs the generator on text inputs and asserts a diagnostic's id and exact location.</summary>
public static class DiagnosticAssert
{
    public const string SchemaPath = "/svc/schema.json";
    public const string ConfigPath = "/svc/fraiseql.toml";

    public static IReadOnlyList<Diagnostic> Run(string schema, string? toml = null)
    {
        var files = new List<(string, string)> { (SchemaPath, schema) };
        if (toml is not null)
        {
            files.Add((ConfigPath, toml));
        }
        var (result, _, _) = GeneratorHarness.Run([.. files]);
        Assert.Empty(result.Results.Single().Exception is { } ex ? [ex] : Array.Empty<Exception>());
        return result.Diagnostics;
    }

    /// <summary>Asserts exactly one diagnostic <paramref name="id"/>, located in <paramref name="path"/> at the
    /// start of the <paramref name="occurrence"/>-th occurrence of <paramref name="snippet"/> in <paramref name="text"/>.</summary>
    public static Diagnostic At(IReadOnlyList<Diagnostic> diagnostics, string id, string path, string text, string snippet, int occurrence = 1, DiagnosticSeverity severity = DiagnosticSeverity.Error)
    {
        var matching = diagnostics.Where(d => d.Id == id).ToList();
        Assert.True(matching.Count == 1, $"expected one {id}, got: {string.Join(" | ", diagnostics.Select(d => d.ToString()))}");
        var d = matching[0];
        Assert.Equal(severity, d.Descriptor.DefaultSeverity);
        var (line, column) = Position(text, snippet, occurrence);
        var span = d.Location.GetLineSpan();
        Assert.Equal(path, span.Path);
        Assert.Equal((line, column), (span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1));
        Assert.False(string.IsNullOrWhiteSpace(d.GetMessage()));
        return d;
    }

    /// <summary>1-based line and column of the n-th occurrence of a snippet.</summary>
    public static (int Line, int Column) Position(string text, string snippet, int occurrence = 1)
    {
        var index = -1;
        for (var i = 0; i < occurrence; i++)
        {
            index = text.IndexOf(snippet, index + 1, StringComparison.Ordinal);
            Assert.True(index >= 0, $"snippet {snippet} (#{occurrence}) not in the input");
        }
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < index; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }
        return (line, index - lineStart + 1);
    }
}
