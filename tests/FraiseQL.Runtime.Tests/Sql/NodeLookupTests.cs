using FraiseQL.Execution;
using FraiseQL.Schema;
using FraiseQL.Sql;
using NpgsqlTypes;

namespace FraiseQL.Runtime.Tests.Sql;

/// <summary>
/// <c>node(id)</c>'s branches (one per query that reads a Node type, as the generator emits them): each is guarded by
/// a boolean parameter, true only for a caller with the branch's role, the type's own <c>requires_role</c> and the
/// claims of its injected parameters.
/// </summary>
public sealed class NodeLookupTests
{
    private static readonly SchemaIndex Schema = new(new SchemaDescriptor
    {
        ServiceName = "node-test",
        Types =
        [
            new ObjectTypeDescriptor
            {
                Name = "Order", Implements = ["Node"], RequiresRole = "staff",
                Fields =
                [
                    new FieldDescriptor { Name = "id", StorageKey = "id", Type = "ID!" },
                    new FieldDescriptor { Name = "secret", StorageKey = "secret", Type = "String" },
                ],
            },
        ],
        Interfaces = [new InterfaceDescriptor { Name = "Node", Fields = [new FieldDescriptor { Name = "id", StorageKey = "id", Type = "ID!" }] }],
    });

    private const string Id = "00000000-0000-4000-8000-000000000001";

    /// <summary>node over Order, reachable through admin_orders (role admin) or my_orders (the caller's own, by sub).</summary>
    private static readonly QueryDescriptor Node = new()
    {
        Name = "node", ReturnType = "Node", Nullable = true, SqlSource = "\"v_order\"",
        Arguments = [new ArgumentDescriptor { Name = "id", StorageKey = "id", Type = "ID!" }],
        NodeTypes =
        [
            new NodeTypeDescriptor { TypeName = "Order", SqlSource = "\"v_order\"", RequiresRole = "admin" },
            new NodeTypeDescriptor
            {
                TypeName = "Order", SqlSource = "\"v_order\"", RequiresRole = "staff",
                InjectParams = [new InjectParamDescriptor { Name = "user_id", Claim = "sub" }],
            },
        ],
    };

    private static (string Sql, bool[] Allowed) Compile(params string[] roles)
    {
        var field = new FieldSelection
        {
            ResponseName = "node", FieldName = "node",
            Selections = [new FieldSelection { ResponseName = "secret", FieldName = "secret", TypeCondition = "Order" }],
            Arguments = new Dictionary<string, object?> { ["id"] = Id },
        };
        var caller = new RequestContext { CorrelationId = "c", Principal = "u1", Roles = roles, Claims = new Dictionary<string, string> { ["sub"] = "u1" } };
        var sql = new SqlBuilder(true);
        new QueryStatementCompiler(Schema, 100).Compile(sql, Node, field, caller);
        return (sql.ToString(), [.. sql.Parameters.Where(p => p.NpgsqlDbType == NpgsqlDbType.Boolean).Select(p => (bool)p.Value!)]);
    }

    [Fact]
    public void Each_branch_is_a_union_member_over_its_view_with_its_injected_parameters()
    {
        var (sql, _) = Compile("staff");
        Assert.Contains(
            "SELECT 'Order' AS t, \"data\" AS d FROM \"v_order\" WHERE \"id\" = $1 AND $2 UNION ALL SELECT 'Order' AS t, \"data\" AS d FROM \"v_order\" WHERE \"id\" = $3 AND $4 AND (\"data\"->>'user_id') = $5 LIMIT 1",
            sql, StringComparison.Ordinal);
    }

    [Theory]
    // the branch's role is not enough: the type's own (staff) is required as well, as for any query returning Order
    [InlineData(new[] { "admin" }, false, false)]
    [InlineData(new[] { "admin", "staff" }, true, true)]
    // staff without admin find their own orders only
    [InlineData(new[] { "staff" }, false, true)]
    [InlineData(new string[0], false, false)]
    public void A_branch_is_open_to_callers_with_its_role_and_the_types(string[] roles, bool adminBranch, bool ownBranch)
    {
        var (_, allowed) = Compile(roles);
        Assert.Equal([adminBranch, ownBranch], allowed);
    }
}
