namespace FraiseQL.Sql;

/// <summary>
/// The invariants of FraiseQL's current <c>mutation_response</c> shape (FORMATS §4.2): <c>succeeded</c> and
/// <c>state_changed</c> are not NULL, <c>succeeded ⇒ error_class IS NULL</c>,
/// <c>NOT succeeded ⇒ error_class IS NOT NULL AND NOT state_changed</c>, and <c>http_status</c> is within 100..599.
/// A row that breaks one is a contract error of the function (FraiseQL refuses it as a parse error): the call is
/// rolled back and answered INTERNAL_SERVER_ERROR, never committed as a success nor reported as the error it claims.
/// </summary>
internal static class MutationResponseContract
{
    /// <summary>What is wrong with the row, or null when it keeps the invariants (the 8-column shape has none of these).</summary>
    public static string? Violation(MutationResponse response)
    {
        if (!response.IsCurrentShape)
        {
            return null;
        }
        if (response.Succeeded is null || response.StateChanged is null)
        {
            return "succeeded and state_changed must not be NULL";
        }
        if (response.Succeeded.Value && response.ErrorClass is not null)
        {
            return $"succeeded is true but error_class is '{response.ErrorClass}' (it must be NULL on success)";
        }
        if (!response.Succeeded.Value && response.StateChanged.Value)
        {
            return "succeeded is false but state_changed is true (a failed mutation changes nothing)";
        }
        if (!response.Succeeded.Value && string.IsNullOrEmpty(response.ErrorClass))
        {
            return "succeeded is false but error_class is NULL";
        }
        if (response.HttpStatus is { } status && status is < 100 or > 599)
        {
            return $"http_status {status} is not an HTTP status (100..599)";
        }
        return null;
    }
}
