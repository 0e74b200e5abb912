using FraiseQL.Execution;
using FraiseQL.GraphQL;
using FraiseQL.Runtime.Security.Authorization;

namespace FraiseQL.Runtime.Security.Wiring;

/// <summary>
/// <see cref="IFieldAuthorizer"/> backed by <see cref="OperationAuthorizer"/>: checks a root field's
/// <c>requires_role</c> and the <c>requires_scope</c> of every selected field below it before its SQL runs. The first
/// denial is returned (at its own path). Fields with <c>on_deny = "mask"</c> are allowed and come back from
/// <see cref="AuthorizeSelectionAsync"/> flagged <see cref="FieldSelection.Masked"/>, so they resolve to null.
/// Introspection hides what the caller may not use (<see cref="IsFieldVisible"/>).
/// </summary>
public sealed class SecurityFieldAuthorizer(OperationAuthorizer authorizer) : IFieldAuthorizer
{
    public ValueTask<GraphQLError?> AuthorizeAsync(SchemaField field, FieldSelection selection, RequestContext context, CancellationToken cancellationToken)
    {
        var result = Authorize(field, selection, context);
        return ValueTask.FromResult(result.IsAllowed ? null : result.Denials[0]);
    }

    public ValueTask<FieldAuthorization> AuthorizeSelectionAsync(SchemaField field, FieldSelection selection, RequestContext context, CancellationToken cancellationToken)
    {
        var result = Authorize(field, selection, context);
        return ValueTask.FromResult(result.IsAllowed
            ? new FieldAuthorization(null, MaskedSelectionRewriter.Apply(selection, result))
            : new FieldAuthorization(result.Denials[0], selection));
    }

    public bool IsFieldVisible(string typeName, SchemaField field, RequestContext context)
    {
        ArgumentNullException.ThrowIfNull(field);
        return authorizer.CanSeeField(typeName, field.Name, context);
    }

    public bool IsFieldPublic(string typeName, SchemaField field)
    {
        ArgumentNullException.ThrowIfNull(field);
        // a caller without roles or scopes sees the least; what they see, every caller sees
        return authorizer.CanSeeField(typeName, field.Name, NoCredentials);
    }

    private static readonly RequestContext NoCredentials = RequestContext.Anonymous("");

    private AuthorizationResult Authorize(SchemaField field, FieldSelection selection, RequestContext context)
    {
        ArgumentNullException.ThrowIfNull(field);
        var kind = field.Mutation is not null ? OperationKind.Mutation
            : field.Subscription is not null ? OperationKind.Subscription
            : OperationKind.Query;
        return authorizer.Authorize(kind, [selection], context);
    }
}
