using FraiseQL.Execution;
using FraiseQL.GraphQL;
using FraiseQL.Runtime.Security.Authorization;

namespace FraiseQL.Runtime.Security.Wiring;

/// <summary>
/// <see cref="IFieldAuthorizer"/> backed by <see cref="OperationAuthorizer"/>: checks a root field's
/// <c>requires_role</c> and the <c>requires_scope</c> of every selected field below it before its SQL runs. The first
/// denial is returned (at its own path). Fields with <c>on_deny = "mask"</c> are allowed here; nulling them needs the
/// planner to consult <see cref="AuthorizationResult.MaskedSelections"/>.
/// </summary>
public sealed class SecurityFieldAuthorizer(OperationAuthorizer authorizer) : IFieldAuthorizer
{
    public ValueTask<GraphQLError?> AuthorizeAsync(SchemaField field, FieldSelection selection, RequestContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(field);
        var kind = field.Mutation is not null ? OperationKind.Mutation
            : field.Subscription is not null ? OperationKind.Subscription
            : OperationKind.Query;
        var result = authorizer.Authorize(kind, [selection], context);
        return ValueTask.FromResult(result.IsAllowed ? null : result.Denials[0]);
    }
}
