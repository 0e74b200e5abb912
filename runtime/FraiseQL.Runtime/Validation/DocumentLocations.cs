using FraiseQL.Execution;
using GraphQLParser.AST;

namespace FraiseQL.Validation;

/// <summary>
/// Maps AST nodes to 1-based line:column positions in the request's document text, with the same results as
/// <c>GraphQLParser.Location.FromLinearPosition</c> (line breaks: <c>\n</c>, <c>\r\n</c>, a lone <c>\r</c>). That
/// method scans the text from the start on every call; the executor asks for the location of every selected field
/// on every request, so the line starts are found once per (cached) document and each lookup is a binary search.
/// </summary>
public sealed class DocumentLocations
{
    private readonly int[] _lineStarts;

    public DocumentLocations(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        Source = source;
        _lineStarts = LineStarts(source);
    }

    public string Source { get; }

    public SourceLocation Of(ASTNode? node) => node is null ? default : At(node.Location.Start);

    public SourceLocation At(int position)
    {
        position = Math.Clamp(position, 0, Source.Length);
        if (Source.Length == 0)
        {
            return new SourceLocation(1, position + 1);
        }
        // Past the end (EOF) counts on from the last character, like FromLinearPosition.
        var overflow = Math.Max(0, position - Source.Length + 1);
        var at = Math.Min(position, Source.Length - 1);
        var index = Array.BinarySearch(_lineStarts, at);
        var line = index >= 0 ? index : ~index - 1;
        return new SourceLocation(line + 1, at - _lineStarts[line] + 1 + overflow);
    }

    /// <summary>Index of the first character of each line: after every <c>\n</c>, and after every <c>\r</c> not
    /// followed by <c>\n</c>.</summary>
    private static int[] LineStarts(string source)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < source.Length; i++)
        {
            if (source[i] == '\n' || (source[i] == '\r' && (i + 1 == source.Length || source[i + 1] != '\n')))
            {
                starts.Add(i + 1);
            }
        }
        return [.. starts];
    }
}
