namespace FraiseQL.Sql;

/// <summary>Error class of a mutation_response → GraphQL extensions.code and HTTP status (FORMATS §1.9, §4.2).</summary>
internal static class MutationErrorClasses
{
    public static string Code(string errorClass) => errorClass switch
    {
        "validation" => "BAD_USER_INPUT",
        "not_found" => "NOT_FOUND",
        "conflict" => "CONFLICT",
        "unauthorized" => "UNAUTHENTICATED",
        "forbidden" => "FORBIDDEN",
        "timeout" => "TIMEOUT",
        "rate_limited" => "RATE_LIMITED",
        "service_unavailable" => "SERVICE_UNAVAILABLE",
        _ => "INTERNAL_SERVER_ERROR",
    };

    public static int HttpStatus(string errorClass) => errorClass switch
    {
        "validation" => 422,
        "conflict" => 409,
        "not_found" => 404,
        "unauthorized" => 401,
        "forbidden" => 403,
        "timeout" => 504,
        "rate_limited" => 429,
        "service_unavailable" => 503,
        _ => 500,
    };
}
