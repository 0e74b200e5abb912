using FraiseQL.Execution;

namespace FraiseQL.GraphQL;

/// <summary>A complete GraphQL response body (UTF-8 JSON) and how the request ended.</summary>
public sealed class ExecutionResult
{
    public required ExecutionOutcome Outcome { get; init; }
    public required ReadOnlyMemory<byte> Body { get; init; }
    public IReadOnlyList<GraphQLError> Errors { get; init; } = [];
    /// <summary>"query", "mutation", "subscription" or null when no operation was selected.</summary>
    public string? OperationType { get; init; }
    public string? OperationName { get; init; }
}
