namespace FraiseQL.Sql;

/// <summary>What a mutation_response means: success (state changed), noop, or an error of a class.</summary>
internal readonly record struct MutationOutcome(MutationOutcomeKind Kind, string? ErrorClass, bool UnknownStatus)
{
    public static readonly MutationOutcome Success = new(MutationOutcomeKind.Success, null, false);
    public static readonly MutationOutcome Noop = new(MutationOutcomeKind.Noop, null, false);

    /// <summary>
    /// Reads an 8-column status: <c>success</c>/<c>new</c>/<c>created</c>/<c>updated</c>/<c>deleted</c>
    /// (optionally <c>:detail</c>) → success; <c>noop[:x]</c> → noop; <c>validation</c>,
    /// <c>conflict</c>, <c>not_found</c>, <c>unauthorized</c>, <c>forbidden</c>, <c>timeout</c>,
    /// <c>failed</c>, <c>error</c> (optionally <c>:subtype</c>) → error of that class; anything else
    /// is an error with <see cref="UnknownStatus"/> set.
    /// </summary>
    public static MutationOutcome FromStatus(string? status)
    {
        if (string.IsNullOrEmpty(status))
        {
            return new(MutationOutcomeKind.Error, "internal", true);
        }
        var colon = status.IndexOf(':', StringComparison.Ordinal);
        var prefix = (colon < 0 ? status : status[..colon]).Trim().ToLowerInvariant();
        return prefix switch
        {
            "success" or "new" or "created" or "updated" or "deleted" => Success,
            "noop" => Noop,
            "validation" or "conflict" or "not_found" or "unauthorized" or "forbidden" or "timeout" or "failed" or "error"
                => new(MutationOutcomeKind.Error, prefix, false),
            _ => new(MutationOutcomeKind.Error, "internal", true),
        };
    }

    public static MutationOutcome FromCurrentShape(bool succeeded, bool stateChanged, string? errorClass) =>
        succeeded
            ? (stateChanged ? Success : Noop)
            : new(MutationOutcomeKind.Error, string.IsNullOrEmpty(errorClass) ? "internal" : errorClass, string.IsNullOrEmpty(errorClass));
}
