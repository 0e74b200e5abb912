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

    // One plan slot per operation. An operation without variables plans the same way on every request: its plan is
    // built once and shared by every request (plans are never changed after building). An operation whose variables
    // appear only in its root fields' arguments keeps its plan as a template: the selections below the root fields are
    // shared, and each request coerces only the root arguments again (see GraphQLExecutor). The slot remembers whose
    // plan it is (the planner's limits), in case two executors with different limits share one cache.
    private KeptPlan?[]? _plans;

    /// <summary>A kept plan; <see cref="RootNodes"/> (the document node of each root field) is set when it is a template to re-bind.</summary>
    internal sealed record KeptPlan(object Owner, PreparedOperation Plan, IReadOnlyList<GraphQLField>? RootNodes);

    /// <summary>The plan <paramref name="owner"/> kept earlier for <paramref name="operation"/>, if any.</summary>
    internal KeptPlan? PlanOf(GraphQLOperationDefinition operation, object owner)
    {
        var plans = Volatile.Read(ref _plans);
        return plans is not null && Volatile.Read(ref plans[IndexOf(operation)]) is { } kept && ReferenceEquals(kept.Owner, owner) ? kept : null;
    }

    /// <summary>
    /// Keeps the plan of an operation for the next requests of this document: as it is when
    /// <paramref name="rootNodes"/> is null, else as a template whose root arguments are coerced again per request.
    /// </summary>
    internal void KeepPlan(GraphQLOperationDefinition operation, object owner, PreparedOperation plan, IReadOnlyList<GraphQLField>? rootNodes = null)
    {
        var plans = Volatile.Read(ref _plans);
        if (plans is null)
        {
            plans = Interlocked.CompareExchange(ref _plans, new KeptPlan?[Operations.Count], null) ?? Volatile.Read(ref _plans)!;
        }
        Volatile.Write(ref plans[IndexOf(operation)], new KeptPlan(owner, plan, rootNodes));
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
