using FraiseQL.GraphQL;
using Microsoft.AspNetCore.Http;

namespace FraiseQL.Http;

/// <summary>
/// HTTP status per GraphQL-over-HTTP: with <c>application/graphql-response+json</c> a request error
/// (syntax, validation, variables, limits) is 400; with <c>application/json</c> it is 200. In both:
/// a mutation over GET 405, a subscription over HTTP 405, dependency down 503, timeout 504, executed 200, and an
/// unknown persisted query 200 (the APQ protocol's "send the document").
/// </summary>
public static class GraphQLStatusCodes
{
    public static int For(ExecutionOutcome outcome, string mediaType) => outcome switch
    {
        ExecutionOutcome.Executed => StatusCodes.Status200OK,
        ExecutionOutcome.RequestError => mediaType == GraphQLMediaTypes.GraphQLResponseJson ? StatusCodes.Status400BadRequest : StatusCodes.Status200OK,
        ExecutionOutcome.MutationOverGet => StatusCodes.Status405MethodNotAllowed,
        ExecutionOutcome.SubscriptionOverHttp => StatusCodes.Status405MethodNotAllowed,
        ExecutionOutcome.ServiceUnavailable => StatusCodes.Status503ServiceUnavailable,
        ExecutionOutcome.Timeout => StatusCodes.Status504GatewayTimeout,
        ExecutionOutcome.InternalError => StatusCodes.Status500InternalServerError,
        ExecutionOutcome.PersistedQueryNotFound => StatusCodes.Status200OK,
        _ => StatusCodes.Status200OK,
    };
}
