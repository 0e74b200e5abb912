using FraiseQL.Execution;
using FraiseQL.Schema;

namespace FraiseQL.Runtime.Security.Authorization;

/// <summary>
/// Values for <c>inject_params</c> (<c>jwt:sub</c>, <c>jwt:tenant_id</c>): always read from the caller's validated
/// claims, never from the request, so a client cannot override them.
/// </summary>
public static class InjectedParameterResolver
{
    /// <exception cref="GraphQLErrorException">UNAUTHENTICATED for anonymous callers; FORBIDDEN when the token lacks the claim.</exception>
    public static string Resolve(InjectParamDescriptor parameter, string operationName, RequestContext context)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        ArgumentNullException.ThrowIfNull(context);
        if (!string.Equals(parameter.Source, "jwt", StringComparison.Ordinal))
        {
            throw new GraphQLErrorException(new GraphQLError(
                $"{operationName}: inject_params '{parameter.Name}' has source '{parameter.Source}'; only 'jwt' is supported.", "INTERNAL_SERVER_ERROR"));
        }
        if (!context.IsAuthenticated)
        {
            throw new GraphQLErrorException(new GraphQLError(
                $"{operationName} needs an authenticated caller (it binds '{parameter.Name}' from the token's '{parameter.Claim}' claim).", "UNAUTHENTICATED"));
        }
        if (parameter.Claim == "sub")
        {
            return context.Principal!;
        }
        if (context.Claims.TryGetValue(parameter.Claim, out var value) && value.Length > 0)
        {
            return value;
        }
        throw new GraphQLErrorException(new GraphQLError(
            $"{operationName} needs claim '{parameter.Claim}' in your token (bound to '{parameter.Name}'); it is missing.", "FORBIDDEN"));
    }
}
