using FraiseQL.Execution;
using FraiseQL.GraphQL;

namespace FraiseQL.Runtime.Security.Authorization;

/// <summary>
/// Copies a selection tree, flagging the selections an <see cref="AuthorizationResult"/> masks
/// (<see cref="FieldSelection.Masked"/>, their sub-selections dropped) so the SQL and event projections write
/// <c>null</c> for them. Untouched subtrees are shared, not copied.
/// </summary>
public static class MaskedSelectionRewriter
{
    public static FieldSelection Apply(FieldSelection selection, AuthorizationResult result)
    {
        ArgumentNullException.ThrowIfNull(selection);
        ArgumentNullException.ThrowIfNull(result);
        return result.MaskedSelections.Count == 0 ? selection : Rewrite(selection, result.MaskedSelections);
    }

    private static FieldSelection Rewrite(FieldSelection selection, IReadOnlySet<FieldSelection> masked)
    {
        if (masked.Contains(selection))
        {
            return FieldSelectionCopy.With(selection, selections: [], masked: true);
        }
        if (selection.Selections.Count == 0)
        {
            return selection;
        }
        FieldSelection[]? children = null;
        for (var i = 0; i < selection.Selections.Count; i++)
        {
            var child = selection.Selections[i];
            var rewritten = Rewrite(child, masked);
            if (!ReferenceEquals(rewritten, child))
            {
                children ??= [.. selection.Selections];
                children[i] = rewritten;
            }
        }
        return children is null ? selection : FieldSelectionCopy.With(selection, selections: children);
    }
}
