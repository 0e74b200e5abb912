using FraiseQL.Execution;
using GraphQLParser.AST;

namespace FraiseQL.GraphQL;

/// <summary>An operation ready to execute (root fields built for this request's variables), or why it is not.</summary>
public sealed class PreparedOperation
{
    public GraphQLOperationDefinition? Operation { get; init; }
    public SchemaType? RootType { get; init; }
    public IReadOnlyList<PlannedRootField> RootFields { get; init; } = [];
    /// <summary>Non-empty when the request was rejected before execution.</summary>
    public IReadOnlyList<GraphQLError> Errors { get; init; } = [];
    public ExecutionOutcome Outcome { get; init; } = ExecutionOutcome.Executed;

    public bool IsReady => Errors.Count == 0 && Operation is not null;

    public string? OperationTypeName => Operation?.Operation switch
    {
        OperationType.Query => "query",
        OperationType.Mutation => "mutation",
        OperationType.Subscription => "subscription",
        _ => null,
    };
}
