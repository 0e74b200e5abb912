using GraphQLParser.AST;

namespace FraiseQL.GraphQL;

/// <summary>An input value (literal, variable or default) that does not fit its GraphQL type.</summary>
public sealed class InputCoercionException(string message, ASTNode? node = null) : Exception(message)
{
    /// <summary>The offending literal, when the value came from the document.</summary>
    public ASTNode? Node { get; } = node;
}
