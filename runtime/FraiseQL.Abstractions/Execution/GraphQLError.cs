namespace FraiseQL.Execution;

/// <summary>A spec-shaped GraphQL error: message, locations, path, extensions.code.</summary>
public sealed class GraphQLError
{
    public GraphQLError(string message, string code)
    {
        Message = message;
        Code = code;
    }

    public string Message { get; }

    /// <summary>extensions.code, e.g. GRAPHQL_VALIDATION_FAILED, BAD_USER_INPUT, FORBIDDEN, UNAUTHENTICATED,
    /// NOT_FOUND, INTERNAL_SERVER_ERROR, SERVICE_UNAVAILABLE, TIMEOUT.</summary>
    public string Code { get; }

    public IReadOnlyList<SourceLocation> Locations { get; init; } = [];

    /// <summary>Response path: strings and ints.</summary>
    public IReadOnlyList<object> Path { get; init; } = [];

    /// <summary>Extra extensions (besides code), values are strings / numbers / bools.</summary>
    public IReadOnlyDictionary<string, object?>? Extensions { get; init; }

    /// <summary>
    /// True for an error a mutation function answered with (its mutation_response's error class), false for a failure
    /// of the request itself. A function's TIMEOUT or SERVICE_UNAVAILABLE is answered like its other errors: it does not
    /// end the operation (later root fields still run) nor make the response a 504/503, as the request's own timeout
    /// and an unreachable database do.
    /// </summary>
    public bool IsFunctionOutcome { get; init; }
}

/// <summary>Thrown by executors for errors that belong in the response's <c>errors</c>.</summary>
public sealed class GraphQLErrorException(GraphQLError error) : Exception(error.Message)
{
    public GraphQLError Error { get; } = error;
}
