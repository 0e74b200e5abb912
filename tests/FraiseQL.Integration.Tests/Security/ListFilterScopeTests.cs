using FraiseQL.Execution;
using FraiseQL.Integration.Tests.Infrastructure;
using FraiseQL.Integration.Tests.Sql;
using FraiseQL.Schema;
using static FraiseQL.Integration.Tests.Sql.Sel;

namespace FraiseQL.Integration.Tests.Security;

/// <summary>
/// <c>requires_scope</c> on the fields of a list's elements, over real PostgreSQL: a list filter's JSON operand
/// (<c>{lines: {array_contains: [{unitCost: 5}]}}</c>) may not name a scoped element field without the scope, by its
/// GraphQL name, by its storage key or inside a nested object, also when the statement comes from the cache; a caller
/// with the scope filters by it either way, and an unknown key is BAD_USER_INPUT before any SQL runs.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class ListFilterScopeTests(ServersFixture servers) : IAsyncLifetime
{
    private const string Sql = """
        CREATE TABLE tb_order (id uuid PRIMARY KEY, identifier text NOT NULL, lines jsonb NOT NULL);
        CREATE VIEW v_order AS
            SELECT id, jsonb_build_object('id', id, 'identifier', identifier, 'lines', lines) AS data FROM tb_order;
        INSERT INTO tb_order VALUES
          ('00000000-0000-4000-8000-000000000001', 'ORD-1',
           '[{"sku": "A", "unit_cost": 5, "product": {"name": "Anvil", "margin": 40}},
             {"sku": "B", "unit_cost": 9, "product": {"name": "Bolt", "margin": 12}}]'),
          ('00000000-0000-4000-8000-000000000002', 'ORD-2',
           '[{"sku": "C", "unit_cost": 7, "product": {"name": "Crate", "margin": 25}}]');
        """;

    private static readonly QueryDescriptor Orders = new()
    {
        Name = "orders", ReturnType = "Order", ReturnsList = true, SqlSource = "\"v_order\"", HasWhere = true,
    };

    private static readonly SchemaDescriptor Schema = new()
    {
        ServiceName = "order-service",
        Types =
        [
            new ObjectTypeDescriptor
            {
                Name = "Order",
                Fields =
                [
                    new FieldDescriptor { Name = "id", StorageKey = "id", Type = "ID!" },
                    new FieldDescriptor { Name = "identifier", StorageKey = "identifier", Type = "String!" },
                    new FieldDescriptor { Name = "lines", StorageKey = "lines", Type = "[OrderLine!]!" },
                ],
            },
            new ObjectTypeDescriptor
            {
                Name = "OrderLine",
                Embedded = true,
                Fields =
                [
                    new FieldDescriptor { Name = "sku", StorageKey = "sku", Type = "String!" },
                    new FieldDescriptor { Name = "unitCost", StorageKey = "unit_cost", Type = "Decimal!", RequiresScope = "read:cost" },
                    new FieldDescriptor { Name = "product", StorageKey = "product", Type = "Product!" },
                ],
            },
            new ObjectTypeDescriptor
            {
                Name = "Product",
                Embedded = true,
                Fields =
                [
                    new FieldDescriptor { Name = "name", StorageKey = "name", Type = "String!" },
                    new FieldDescriptor { Name = "margin", StorageKey = "margin", Type = "Int", RequiresScope = "read:margin", OnDeny = "mask" },
                ],
            },
        ],
        Queries = [Orders],
    };

    private static readonly RequestContext Viewer = new() { CorrelationId = "c", Principal = "bob", Roles = ["viewer"] };
    private static readonly RequestContext Staff = new() { CorrelationId = "c", Principal = "alice", Roles = ["staff"], Scopes = ["read:cost", "read:margin"] };

    private SqlTestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await SqlTestDatabase.CreateAsync(servers.Postgres, Schema, migrations: null, extraSql: Sql);

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private static FieldSelection Contains(params object?[] elements) =>
        F("orders", F("identifier")).Args(("where", Obj(("lines", Obj(("array_contains", List(elements)))))));

    private Task<string> IdentifiersAsync(FieldSelection selection, RequestContext caller) => _db.QueryAsync(Orders, selection, caller);

    public static TheoryData<string, string> ScopedOperands => new()
    {
        // the GraphQL name, the storage key the review found reaching @> unchecked, and a key of a nested object
        { "graphql-name", "read:cost" },
        { "storage-key", "read:cost" },
        { "nested", "read:margin" },
        { "nested-with-others", "read:margin" },
    };

    private static FieldSelection ScopedOperand(string form, long value) => form switch
    {
        "graphql-name" => Contains(Obj(("unitCost", value))),
        "storage-key" => Contains(Obj(("unit_cost", value))),
        "nested" => Contains(Obj(("product", Obj(("margin", value))))),
        _ => Contains(Obj(("sku", "A"), ("product", Obj(("name", "Anvil"), ("margin", value))))),
    };

    [Theory]
    [MemberData(nameof(ScopedOperands))]
    public async Task A_scoped_element_field_is_forbidden_however_it_is_named_and_readable_with_the_scope(string form, string scope)
    {
        // the caller with the scope runs it first, so the viewer's request finds its statement in the cache
        var matching = form.StartsWith("nested", StringComparison.Ordinal) ? 40L : 5L;
        Assert.Equal(Json.Q("[{'identifier':'ORD-1'}]"), await IdentifiersAsync(ScopedOperand(form, matching), Staff));
        Assert.Equal("[]", await IdentifiersAsync(ScopedOperand(form, matching + 1), Staff));
        var cached = _db.Executor.CachedStatementCount;

        foreach (var value in new[] { matching, matching + 1 })
        {
            var denied = await Assert.ThrowsAsync<GraphQLErrorException>(() => IdentifiersAsync(ScopedOperand(form, value), Viewer));
            Assert.Equal("FORBIDDEN", denied.Error.Code);
            Assert.Equal(scope, denied.Error.Extensions?["requiredScope"]);
            Assert.Equal(new object[] { "orders" }, denied.Error.Path);
        }
        Assert.Equal(cached, _db.Executor.CachedStatementCount);
    }

    [Fact]
    public async Task Fields_without_a_scope_filter_for_everyone_by_either_spelling()
    {
        Assert.Equal(Json.Q("[{'identifier':'ORD-2'}]"), await IdentifiersAsync(Contains(Obj(("product", Obj(("name", "Crate"))))), Viewer));
        Assert.Equal(Json.Q("[{'identifier':'ORD-1'}]"), await IdentifiersAsync(Contains(Obj(("sku", "B")), Obj(("sku", "A"), ("product", Obj(("name", "Anvil"))))), Viewer));
        Assert.Equal("[]", await IdentifiersAsync(Contains(Obj(("sku", "A"), ("product", Obj(("name", "Bolt"))))), Viewer));
        // the staff caller's storage-key and GraphQL-name spellings mean the same field
        Assert.Equal(Json.Q("[{'identifier':'ORD-2'}]"), await IdentifiersAsync(Contains(Obj(("unit_cost", 7L), ("product", Obj(("margin", 25L))))), Staff));
        Assert.Equal(Json.Q("[{'identifier':'ORD-2'}]"), await IdentifiersAsync(Contains(Obj(("unitCost", 7L), ("product", Obj(("margin", 25L))))), Staff));
    }

    [Fact]
    public async Task An_unknown_key_is_bad_user_input_naming_it_and_its_type()
    {
        foreach (var (selection, key, type) in new[]
        {
            (Contains(Obj(("unitPrice", 5L))), "unitPrice", "OrderLine"),
            (Contains(Obj(("product", Obj(("cost", 1L))))), "cost", "Product"),
        })
        {
            foreach (var caller in new[] { Viewer, Staff })
            {
                var error = await Assert.ThrowsAsync<GraphQLErrorException>(() => IdentifiersAsync(selection, caller));
                Assert.Equal("BAD_USER_INPUT", error.Error.Code);
                Assert.Contains($"'{key}' is not a field of {type}", error.Error.Message, StringComparison.Ordinal);
            }
        }
    }
}
