namespace FraiseQL.GraphQL;

/// <summary>
/// <see cref="ExecutionOutcome"/> names for metrics tags and logs, without <see cref="Enum.ToString()"/>: under Native AOT
/// that reads the enum's metadata through the reflection layer on every request.
/// </summary>
public static class ExecutionOutcomeNames
{
    public static string Of(ExecutionOutcome outcome) => outcome switch
    {
        ExecutionOutcome.Executed => nameof(ExecutionOutcome.Executed),
        ExecutionOutcome.RequestError => nameof(ExecutionOutcome.RequestError),
        ExecutionOutcome.MutationOverGet => nameof(ExecutionOutcome.MutationOverGet),
        ExecutionOutcome.SubscriptionOverHttp => nameof(ExecutionOutcome.SubscriptionOverHttp),
        ExecutionOutcome.ServiceUnavailable => nameof(ExecutionOutcome.ServiceUnavailable),
        ExecutionOutcome.Timeout => nameof(ExecutionOutcome.Timeout),
        ExecutionOutcome.InternalError => nameof(ExecutionOutcome.InternalError),
        ExecutionOutcome.PersistedQueryNotFound => nameof(ExecutionOutcome.PersistedQueryNotFound),
        _ => "Unknown",
    };
}
