using FraiseQL.Execution;
using FraiseQL.Runtime.Security.Authorization;
using FraiseQL.Schema;
using static FraiseQL.Runtime.Tests.Security.SecurityTestSchema;

namespace FraiseQL.Runtime.Tests.Security;

/// <summary>
/// An interface-typed field (a cascade entry's <c>entity: CascadeNode</c>, say) can resolve to an object type whose
/// <c>requires_role</c> the caller lacks: the fields selected on it with a fragment are masked (null) for that caller.
/// </summary>
public sealed class RoleGatedFragmentTests
{
    private static readonly SchemaIndex Schema = new(new SchemaDescriptor
    {
        ServiceName = "cascade-test",
        Types =
        [
            new ObjectTypeDescriptor { Name = "Holder", Fields = [new FieldDescriptor { Name = "item", StorageKey = "item", Type = "Node" }] },
            new ObjectTypeDescriptor { Name = "Public", Implements = ["Node"], Fields = [Id(), new FieldDescriptor { Name = "name", StorageKey = "name", Type = "String" }] },
            new ObjectTypeDescriptor
            {
                Name = "Secret", Implements = ["Node"], RequiresRole = "admin",
                Fields = [Id(), new FieldDescriptor { Name = "code", StorageKey = "code", Type = "String" }],
            },
        ],
        Interfaces = [new InterfaceDescriptor { Name = "Node", Fields = [Id()] }],
        Queries = [new QueryDescriptor { Name = "holder", ReturnType = "Holder", SqlSource = "\"v_holder\"" }],
    });

    private static FieldDescriptor Id() => new() { Name = "id", StorageKey = "id", Type = "ID!" };

    private static FieldSelection On(string type, string name) =>
        new() { ResponseName = name, FieldName = name, TypeCondition = type, Location = new SourceLocation(1, 9) };

    [Fact]
    public void Fields_on_a_role_gated_type_are_masked_for_callers_without_the_role()
    {
        var code = On("Secret", "code");
        var name = On("Public", "name");
        var id = Select("id");
        var root = Select("holder", Select("item", id, name, code));
        var authorizer = new OperationAuthorizer(Schema);

        var viewer = authorizer.Authorize(OperationKind.Query, [root], Caller(roles: ["viewer"]));
        Assert.True(viewer.IsAllowed);
        Assert.True(viewer.IsMasked(code));
        Assert.False(viewer.IsMasked(name));
        Assert.False(viewer.IsMasked(id));
        Assert.Contains("holder.item.code", viewer.MaskedPaths);

        var admin = authorizer.Authorize(OperationKind.Query, [root], Caller(roles: ["admin"]));
        Assert.True(admin.IsAllowed);
        Assert.Empty(admin.MaskedSelections);
    }
}
