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

    // One plan slot per operation, filled for operations that declare no variables: their plan depends on the
    // document and the planner's limits alone, so it is built once and shared by every request (plans are never
    // changed after building). The slot remembers whose plan it is (the planner's limits), in case two executors
    // with different limits share one cache.
    private KeptPlan?[]? _plans;

    private sealed record KeptPlan(object Owner, PreparedOperation Plan);

    /// <summary>The plan <paramref name="owner"/> built earlier for <paramref name="operation"/> (an operation without variables), if any.</summary>
    internal PreparedOperation? PlanOf(GraphQLOperationDefinition operation, object owner)
    {
        var plans = Volatile.Read(ref _plans);
        return plans is not null && Volatile.Read(ref plans[IndexOf(operation)]) is { } kept && ReferenceEquals(kept.Owner, owner) ? kept.Plan : null;
    }

    /// <summary>Keeps the plan of an operation that declares no variables for the next requests of this document.</summary>
    internal void KeepPlan(GraphQLOperationDefinition operation, object owner, PreparedOperation plan)
    {
        var plans = Volatile.Read(ref _plans);
        if (plans is null)
        {
            plans = Interlocked.CompareExchange(ref _plans, new KeptPlan?[Operations.Count], null) ?? Volatile.Read(ref _plans)!;
        }
        Volatile.Write(ref plans[IndexOf(operation)], new KeptPlan(owner, plan));
    }

    private int IndexOf(GraphQLOperationDefinition operation)
    {
        for (var i = 0; i < Operations.Count; i++)
        {
            if (ReferenceEquals(Operations[i], operation))
            {
                return i;
            }
        }
        throw new ArgumentException("The operation is not one of this document's.", nameof(operation));
    }

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
