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
}

/// <summary>Default <see cref="IFieldAuthorizer"/>: allows every field.</summary>
public sealed class AllowAllFieldAuthorizer : IFieldAuthorizer
{
    public ValueTask<GraphQLError?> AuthorizeAsync(SchemaField field, FieldSelection selection, RequestContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult<GraphQLError?>(null);
}
