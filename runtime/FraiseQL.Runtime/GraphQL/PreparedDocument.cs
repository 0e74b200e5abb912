using FraiseQL.Execution;
using FraiseQL.Validation;
using GraphQLParser.AST;

namespace FraiseQL.GraphQL;

/// <summary>
/// A parsed and validated document, as held by the <see cref="DocumentCache"/>: either the syntax /
/// validation errors, or the operations and fragments ready for per-request planning.
/// </summary>
public sealed class PreparedDocument
{
    public required DocumentLocations Locations { get; init; }
    public GraphQLDocument? Document { get; init; }
    /// <summary>Syntax or validation errors; empty when the document is valid.</summary>
    public IReadOnlyList<GraphQLError> Errors { get; init; } = [];
    public IReadOnlyList<GraphQLOperationDefinition> Operations { get; init; } = [];
    public IReadOnlyDictionary<string, GraphQLFragmentDefinition> Fragments { get; init; } = new Dictionary<string, GraphQLFragmentDefinition>();

    public bool IsValid => Errors.Count == 0 && Document is not null;

    /// <summary>Picks the operation to run (spec §6.1 GetOperation); null with <paramref name="error"/> when it cannot.</summary>
    public GraphQLOperationDefinition? SelectOperation(string? operationName, out string? error)
    {
        error = null;
        if (string.IsNullOrEmpty(operationName))
        {
            if (Operations.Count == 1)
            {
                return Operations[0];
            }
            error = "Must provide operation name if query contains multiple operations.";
            return null;
        }
        foreach (var op in Operations)
        {
            if (op.Name is not null && op.Name.StringValue == operationName)
            {
                return op;
            }
        }
        error = $"Unknown operation named \"{operationName}\" (the document defines: {string.Join(", ", Operations.Select(o => o.Name?.StringValue ?? "<anonymous>"))}).";
        return null;
    }
}
