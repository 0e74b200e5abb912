using FraiseQL.Execution;

namespace FraiseQL.GraphQL;

/// <summary>
/// Authorization seam, called for every root field before it runs (the security subsystem
/// replaces the default, which allows everything). Return null to allow, or an error
/// (e.g. code FORBIDDEN / UNAUTHENTICATED) to deny: the field becomes null with that error.
/// </summary>
public interface IFieldAuthorizer
{
    ValueTask<GraphQLError?> AuthorizeAsync(SchemaField field, FieldSelection selection, RequestContext context, CancellationToken cancellationToken);

    /// <summary>
    /// Whether introspection shows <paramref name="field"/> of type <paramref name="typeName"/> to the caller (the
    /// default shows everything).
    /// </summary>
    bool IsFieldVisible(string typeName, SchemaField field, RequestContext context) => true;

    /// <summary>
    /// Whether every caller sees <paramref name="field"/> of type <paramref name="typeName"/>, whatever their roles and
    /// scopes (the default: yes). Validation is done once per document for all callers, so its "Available fields"
    /// suggestions name only such fields.
    /// </summary>
    bool IsFieldPublic(string typeName, SchemaField field) => true;

    /// <summary>
    /// Authorizes a root field and returns the selection to execute: the default keeps the selection as is; an
    /// authorizer that masks fields returns a copy with those fields flagged <see cref="FieldSelection.Masked"/>.
    /// </summary>
    async ValueTask<FieldAuthorization> AuthorizeSelectionAsync(SchemaField field, FieldSelection selection, RequestContext context, CancellationToken cancellationToken) =>
        new(await AuthorizeAsync(field, selection, context, cancellationToken).ConfigureAwait(false), selection);
}

/// <summary>Default <see cref="IFieldAuthorizer"/>: allows every field.</summary>
public sealed class AllowAllFieldAuthorizer : IFieldAuthorizer
{
    public ValueTask<GraphQLError?> AuthorizeAsync(SchemaField field, FieldSelection selection, RequestContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult<GraphQLError?>(null);
}
