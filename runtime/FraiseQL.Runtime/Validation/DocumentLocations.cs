using FraiseQL.Execution;
using GraphQLParser.AST;

namespace FraiseQL.Validation;

/// <summary>Maps AST nodes to 1-based line:column positions in the request's document text.</summary>
public sealed class DocumentLocations(string source)
{
    public string Source { get; } = source;

    public SourceLocation Of(ASTNode? node)
    {
        if (node is null)
        {
            return default;
        }
        var loc = GraphQLParser.Location.FromLinearPosition(Source, Math.Clamp(node.Location.Start, 0, Source.Length));
        return new SourceLocation(loc.Line, loc.Column);
    }

    public SourceLocation At(int position)
    {
        var loc = GraphQLParser.Location.FromLinearPosition(Source, Math.Clamp(position, 0, Source.Length));
        return new SourceLocation(loc.Line, loc.Column);
    }
}
