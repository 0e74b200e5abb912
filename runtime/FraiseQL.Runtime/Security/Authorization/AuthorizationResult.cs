using FraiseQL.Execution;

namespace FraiseQL.Runtime.Security.Authorization;

/// <summary>
/// Outcome of <see cref="OperationAuthorizer.Authorize"/>: the errors that deny the request (each located at its
/// field's path) and the fields to return as null (<c>on_deny = "mask"</c>). Allowed when <see cref="Denials"/> is empty.
/// </summary>
public sealed class AuthorizationResult
{
    public static readonly AuthorizationResult Allowed = new([], new HashSet<FieldSelection>(ReferenceEqualityComparer.Instance), new HashSet<string>(StringComparer.Ordinal));

    public AuthorizationResult(IReadOnlyList<GraphQLError> denials, IReadOnlySet<FieldSelection> maskedSelections, IReadOnlySet<string> maskedPaths)
    {
        Denials = denials;
        MaskedSelections = maskedSelections;
        MaskedPaths = maskedPaths;
    }

    public IReadOnlyList<GraphQLError> Denials { get; }

    /// <summary>Selections (by reference) whose value must be written as null.</summary>
    public IReadOnlySet<FieldSelection> MaskedSelections { get; }

    /// <summary>The same fields as dotted response paths, e.g. <c>orders.totalAmount</c>.</summary>
    public IReadOnlySet<string> MaskedPaths { get; }

    public bool IsAllowed => Denials.Count == 0;

    public bool IsMasked(FieldSelection selection) => MaskedSelections.Contains(selection);
}
