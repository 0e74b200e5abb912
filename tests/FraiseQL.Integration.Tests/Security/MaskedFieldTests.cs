using FraiseQL.Execution;
using FraiseQL.Integration.Tests.Infrastructure;
using FraiseQL.Integration.Tests.Sql;
using FraiseQL.Runtime.Security.Authorization;
using FraiseQL.Runtime.Security.Wiring;
using FraiseQL.GraphQL;
using FraiseQL.Schema;
using static FraiseQL.Integration.Tests.Sql.Sel;

namespace FraiseQL.Integration.Tests.Security;

/// <summary>
/// <c>on_deny = "mask"</c> end to end over real PostgreSQL: <see cref="SecurityFieldAuthorizer"/> flags the masked
/// field, the SQL projection writes null for it, and a caller with the scope reads the stored value from the same
/// statement cache.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class MaskedFieldTests(ServersFixture servers, OrderDatabaseFixture fixture) : IClassFixture<OrderDatabaseFixture>
{
    private static readonly SchemaIndex MaskingSchema = new(new SchemaDescriptor
    {
        ServiceName = "order-service",
        Types =
        [
            .. OrderServiceSchema.Schema.Types.Select(t => t.Name != "Order" ? t : new ObjectTypeDescriptor
            {
                Name = t.Name,
                Fields = [.. t.Fields.Select(f => f.Name != "total" ? f : new FieldDescriptor
                {
                    Name = f.Name, StorageKey = f.StorageKey, Type = f.Type, RequiresScope = "read:Order.total", OnDeny = "mask",
                })],
            }),
        ],
        Queries = OrderServiceSchema.Schema.Queries,
    });

    private static readonly SchemaField OrdersField = new() { Name = "orders", Type = TypeRef.Parse("[Order!]!"), Query = OrderServiceSchema.OrdersQuery };

    private static RequestContext Caller(params string[] scopes) => new() { CorrelationId = "c", Principal = "u", Roles = ["viewer"], Scopes = scopes };

    private async Task<string> OrdersAsync(RequestContext caller)
    {
        var db = await fixture.GetAsync(servers);
        var selection = F("orders", F("identifier"), F("total")).Args(("where", Obj(("identifier", Obj(("eq", "ORD-2"))))));
        var authorization = await ((IFieldAuthorizer)new SecurityFieldAuthorizer(new OperationAuthorizer(MaskingSchema)))
            .AuthorizeSelectionAsync(OrdersField, selection, caller, CancellationToken.None);
        Assert.Null(authorization.Denial);
        return await db.QueryAsync(OrderServiceSchema.OrdersQuery, authorization.Selection);
    }

    [Fact]
    public async Task Masked_field_is_null_without_the_scope_and_read_with_it()
    {
        Assert.Equal(Json.Q("[{'identifier':'ORD-2','total':null}]"), await OrdersAsync(Caller()));
        Assert.Equal(Json.Q("[{'identifier':'ORD-2','total':25.50}]"), await OrdersAsync(Caller("read:Order.total")));
        // and the cached statement of the first shape is not reused for the second (nor the reverse)
        Assert.Equal(Json.Q("[{'identifier':'ORD-2','total':null}]"), await OrdersAsync(Caller("read:Order.status")));
    }

    [Fact]
    public void Rewriter_flags_only_the_masked_field_and_shares_untouched_subtrees()
    {
        var identifier = F("identifier");
        var root = F("orders", identifier, F("total"));
        var result = new OperationAuthorizer(MaskingSchema).Authorize(OperationKind.Query, [root], Caller());
        Assert.True(result.IsAllowed);
        var masked = MaskedSelectionRewriter.Apply(root, result);
        Assert.NotSame(root, masked);
        Assert.Same(identifier, masked.Selections[0]);
        Assert.True(masked.Selections[1].Masked);
        Assert.False(root.Selections[1].Masked);
        var allowed = new OperationAuthorizer(MaskingSchema).Authorize(OperationKind.Query, [root], Caller("read:*"));
        Assert.Same(root, MaskedSelectionRewriter.Apply(root, allowed));
    }
}
