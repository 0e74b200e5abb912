namespace FraiseQL.GraphQL;

/// <summary>How a request ended, for the transport to choose a status code.</summary>
public enum ExecutionOutcome
{
    /// <summary>The operation ran (possibly with field errors and partial data).</summary>
    Executed,
    /// <summary>Rejected before execution: syntax, validation, variables, limits, operation selection.</summary>
    RequestError,
    /// <summary>A mutation was sent over GET.</summary>
    MutationOverGet,
    /// <summary>A subscription was sent for a JSON response (served over WebSocket or as Server-Sent Events only).</summary>
    SubscriptionOverHttp,
    /// <summary>PostgreSQL (or another dependency) is unavailable.</summary>
    ServiceUnavailable,
    /// <summary>The request timeout elapsed; the running SQL was cancelled.</summary>
    Timeout,
    /// <summary>A bug in the runtime (logged); the body is still a spec-shaped error.</summary>
    InternalError,
    /// <summary>
    /// A hash-only persisted query the server does not know (or does not support): the APQ protocol's request for the
    /// document, answered with 200 so clients send it (<see cref="PersistedDocuments"/>).
    /// </summary>
    PersistedQueryNotFound,
}
