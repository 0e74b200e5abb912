using FraiseQL.Execution;
using FraiseQL.GraphQL;

namespace FraiseQL.Runtime.Tests.Support;

/// <summary>Allows every field but hides the one named <paramref name="hidden"/> from introspection and validation.</summary>
internal sealed class HidingFieldAuthorizer(string hidden) : IFieldAuthorizer
{
    public ValueTask<GraphQLError?> AuthorizeAsync(SchemaField field, FieldSelection selection, RequestContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult<GraphQLError?>(null);

    public bool IsFieldVisible(string typeName, SchemaField field, RequestContext context) => field.Name != hidden;
}
