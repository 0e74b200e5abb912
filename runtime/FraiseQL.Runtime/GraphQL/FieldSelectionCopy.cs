using FraiseQL.Execution;

namespace FraiseQL.GraphQL;

/// <summary>
/// A <see cref="FieldSelection"/> like another with some parts replaced: plans and selections are shared between
/// requests and never changed, so a request that needs other arguments (a re-bound plan) or other children (masked
/// fields) gets a copy.
/// </summary>
internal static class FieldSelectionCopy
{
    public static FieldSelection With(
        FieldSelection selection,
        IReadOnlyDictionary<string, object?>? arguments = null,
        IReadOnlyList<FieldSelection>? selections = null,
        bool? masked = null) => new()
    {
        ResponseName = selection.ResponseName,
        FieldName = selection.FieldName,
        Arguments = arguments ?? selection.Arguments,
        Selections = selections ?? selection.Selections,
        TypeCondition = selection.TypeCondition,
        Location = selection.Location,
        Masked = masked ?? selection.Masked,
    };
}
