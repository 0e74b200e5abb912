using FraiseQL.Execution;
using FraiseQL.Schema;
using FraiseQL.Sql;

namespace FraiseQL.Runtime.Tests.Sql;

/// <summary>
/// The JSON operand of a filter on a list of objects (<c>{lines: {array_contains: [{unitCost: 5}]}}</c>) is read
/// against the element type: every key, however spelled and however deep, names a field that must pass the same
/// <c>requires_scope</c> check as a direct <c>where</c> on it, and is written as that field's storage key; an unknown
/// key is BAD_USER_INPUT instead of reaching <c>@&gt;</c> unchanged (where a storage key or a nested key matched the
/// hidden value of a scoped field: yes/no questions about it).
/// </summary>
public sealed class ListFilterOperandTests
{
    private static readonly SchemaIndex Schema = new(new SchemaDescriptor
    {
        ServiceName = "unit",
        Types =
        [
            new ObjectTypeDescriptor
            {
                Name = "Order",
                Fields =
                [
                    new FieldDescriptor { Name = "id", StorageKey = "id", Type = "ID!" },
                    new FieldDescriptor { Name = "lines", StorageKey = "lines", Type = "[OrderLine!]!" },
                    new FieldDescriptor { Name = "hits", StorageKey = "hits", Type = "[SearchHit!]" },
                    new FieldDescriptor { Name = "nodes", StorageKey = "nodes", Type = "[Node!]" },
                    new FieldDescriptor { Name = "topHit", StorageKey = "top_hit", Type = "SearchHit" },
                    new FieldDescriptor { Name = "meta", StorageKey = "meta", Type = "JSON" },
                ],
            },
            new ObjectTypeDescriptor
            {
                Name = "OrderLine",
                Fields =
                [
                    new FieldDescriptor { Name = "sku", StorageKey = "sku", Type = "String!" },
                    new FieldDescriptor { Name = "quantity", StorageKey = "qty", Type = "Int!" },
                    new FieldDescriptor { Name = "unitCost", StorageKey = "unit_cost", Type = "Decimal!", RequiresScope = "read:cost" },
                    new FieldDescriptor { Name = "status", StorageKey = "status", Type = "LineStatus" },
                    new FieldDescriptor { Name = "tags", StorageKey = "tags", Type = "[String!]" },
                    new FieldDescriptor { Name = "product", StorageKey = "product", Type = "Product" },
                    new FieldDescriptor { Name = "extra", StorageKey = "extra", Type = "JSON" },
                    // the product's stored value read as the JSON scalar
                    new FieldDescriptor { Name = "productJson", StorageKey = "product", Type = "JSON" },
                ],
            },
            new ObjectTypeDescriptor
            {
                Name = "Product",
                Fields =
                [
                    new FieldDescriptor { Name = "name", StorageKey = "name", Type = "String!" },
                    new FieldDescriptor { Name = "productCode", StorageKey = "product_code", Type = "String" },
                    new FieldDescriptor { Name = "margin", StorageKey = "margin", Type = "Int", RequiresScope = "read:margin", OnDeny = "mask" },
                    new FieldDescriptor { Name = "suppliers", StorageKey = "suppliers", Type = "[Supplier!]" },
                ],
            },
            new ObjectTypeDescriptor
            {
                Name = "Supplier",
                Fields =
                [
                    new FieldDescriptor { Name = "name", StorageKey = "name", Type = "String!" },
                    new FieldDescriptor { Name = "price", StorageKey = "unit_price", Type = "Decimal", RequiresScope = "read:cost" },
                ],
            },
            new ObjectTypeDescriptor
            {
                Name = "Book",
                Implements = ["Node"],
                Fields =
                [
                    new FieldDescriptor { Name = "id", StorageKey = "id", Type = "UUID!" },
                    new FieldDescriptor { Name = "title", StorageKey = "title", Type = "String!" },
                    new FieldDescriptor { Name = "royalty", StorageKey = "royalty", Type = "Decimal", RequiresScope = "read:royalty" },
                ],
            },
            new ObjectTypeDescriptor
            {
                Name = "Movie",
                Implements = ["Node"],
                Fields =
                [
                    new FieldDescriptor { Name = "id", StorageKey = "id", Type = "ID!" },
                    new FieldDescriptor { Name = "title", StorageKey = "title", Type = "String!" },
                    new FieldDescriptor { Name = "budget", StorageKey = "budget", Type = "Int" },
                    // a Movie keeps another field under the key a Book keeps its scoped royalty
                    new FieldDescriptor { Name = "revenueShare", StorageKey = "royalty", Type = "Decimal" },
                ],
            },
        ],
        Interfaces = [new InterfaceDescriptor { Name = "Node", Fields = [new FieldDescriptor { Name = "id", StorageKey = "id", Type = "ID!" }] }],
        Unions = [new UnionDescriptor { Name = "SearchHit", MemberTypes = ["Book", "Movie"] }],
        Enums =
        [
            new EnumDescriptor
            {
                Name = "LineStatus",
                Values = [new EnumValueDescriptor { Name = "OPEN", StorageValue = "open" }, new EnumValueDescriptor { Name = "SHIPPED", StorageValue = "shipped" }],
            },
        ],
    });

    private static readonly QueryDescriptor Orders = new()
    {
        Name = "orders", ReturnType = "Order", ReturnsList = true, SqlSource = "\"v_order\"", HasWhere = true, HasOrderBy = true,
    };

    private static readonly RequestContext WithoutScopes = new() { CorrelationId = "c", Principal = "u", Roles = ["viewer"] };
    private static readonly RequestContext WithScopes = new() { CorrelationId = "c", Principal = "u", Roles = ["staff"], Scopes = ["read:*"] };

    private static IReadOnlyDictionary<string, object?> Obj(params (string Name, object? Value)[] fields) => fields.ToDictionary(f => f.Name, f => f.Value);

    private static IReadOnlyList<object?> List(params object?[] items) => items;

    private static IReadOnlyDictionary<string, object?> On(string field, string op, object? operand) => Obj((field, Obj((op, operand))));

    private static (string Sql, List<Npgsql.NpgsqlParameter> Parameters) Compile(RequestContext context, bool emit, params (string Name, object? Value)[] args)
    {
        var field = new FieldSelection
        {
            ResponseName = "orders",
            FieldName = "orders",
            Selections = [new FieldSelection { ResponseName = "id", FieldName = "id" }],
            Arguments = args.ToDictionary(a => a.Name, a => a.Value),
            Location = new SourceLocation(1, 3),
        };
        var builder = new SqlBuilder(emit);
        new QueryStatementCompiler(Schema, 100).Compile(builder, Orders, field, context);
        return (builder.ToString(), builder.Parameters);
    }

    private static (string Sql, List<Npgsql.NpgsqlParameter> Parameters) Where(RequestContext context, IReadOnlyDictionary<string, object?> where, bool emit = true) =>
        Compile(context, emit, ("where", where));

    /// <summary>The one jsonb parameter the operand was bound as.</summary>
    private static string Operand(IReadOnlyDictionary<string, object?> where)
    {
        var (_, parameters) = Where(WithScopes, where);
        return Assert.Single(parameters, p => p.NpgsqlDbType == NpgsqlTypes.NpgsqlDbType.Jsonb).Value as string ?? "";
    }

    private static GraphQLError Refused(RequestContext context, IReadOnlyDictionary<string, object?> where, bool emit = true) =>
        Assert.Throws<GraphQLErrorException>(() => Where(context, where, emit)).Error;

    private static void AssertForbidden(GraphQLError error, string scope, string field)
    {
        Assert.Equal("FORBIDDEN", error.Code);
        Assert.Equal(scope, error.Extensions?["requiredScope"]);
        Assert.Contains(field, error.Message, StringComparison.Ordinal);
        Assert.Equal(new object[] { "orders" }, error.Path);
    }

    public static TheoryData<string> ContainmentOperators => ["array_contains", "array_contained_by", "array_overlaps", "strictly_contains", "array_contained_in", "contained_in"];

    [Theory]
    [MemberData(nameof(ContainmentOperators))]
    public void A_scoped_element_field_is_forbidden_by_its_graphql_name_and_by_its_storage_key(string op)
    {
        AssertForbidden(Refused(WithoutScopes, On("lines", op, List(Obj(("unitCost", 5L))))), "read:cost", "OrderLine.unitCost");
        // the storage key used to reach PostgreSQL unchanged: ("data"->'lines') @> '[{"unit_cost":5}]'
        AssertForbidden(Refused(WithoutScopes, On("lines", op, List(Obj(("unit_cost", 5L))))), "read:cost", "OrderLine.unitCost");
        AssertForbidden(Refused(WithoutScopes, On("lines", op, List(Obj(("sku", "A")), Obj(("unit_cost", 5L))))), "read:cost", "OrderLine.unitCost");
    }

    [Theory]
    [MemberData(nameof(ContainmentOperators))]
    public void A_scoped_field_of_a_nested_object_or_list_is_forbidden(string op)
    {
        var error = Refused(WithoutScopes, On("lines", op, List(Obj(("product", Obj(("margin", 40L)))))));
        AssertForbidden(error, "read:margin", "Product.margin");
        Assert.StartsWith($"where.lines.{op}[0].product.margin: ", error.Message, StringComparison.Ordinal);
        AssertForbidden(Refused(WithoutScopes, On("lines", op, List(Obj(("product", Obj(("suppliers", List(Obj(("price", 3L)))))))))), "read:cost", "Supplier.price");
        AssertForbidden(Refused(WithoutScopes, On("lines", op, List(Obj(("product", Obj(("suppliers", List(Obj(("unit_price", 3L)))))))))), "read:cost", "Supplier.price");
        // a single object where the field holds a list is a list of one, checked the same way
        AssertForbidden(Refused(WithoutScopes, On("lines", op, List(Obj(("product", Obj(("suppliers", Obj(("unit_price", 3L))))))))), "read:cost", "Supplier.price");
    }

    [Fact]
    public void The_check_runs_when_the_statement_text_comes_from_the_cache()
    {
        // a cache hit compiles the parameters only (no SQL text): the same checks run
        var where = On("lines", "array_contains", List(Obj(("product", Obj(("margin", 40L))))));
        Assert.Empty(Where(WithScopes, where, emit: false).Sql);
        AssertForbidden(Refused(WithoutScopes, where, emit: false), "read:margin", "Product.margin");
        AssertForbidden(Refused(WithoutScopes, On("lines", "array_contains", List(Obj(("unit_cost", 1L)))), emit: false), "read:cost", "OrderLine.unitCost");
    }

    [Fact]
    public void An_unknown_key_is_bad_user_input_naming_the_key_and_the_type()
    {
        var top = Refused(WithScopes, On("lines", "array_contains", List(Obj(("sku", "A"), ("unitPrice", 5L)))));
        Assert.Equal("BAD_USER_INPUT", top.Code);
        Assert.StartsWith("where.lines.array_contains[0]: 'unitPrice' is not a field of OrderLine.", top.Message, StringComparison.Ordinal);
        Assert.Equal(new object[] { "orders" }, top.Path);
        Assert.Equal(3, Assert.Single(top.Locations).Column);

        var nested = Refused(WithoutScopes, On("lines", "array_overlaps", List(Obj(("product", Obj(("cost", 1L)))))));
        Assert.Equal("BAD_USER_INPUT", nested.Code);
        Assert.StartsWith("where.lines.array_overlaps[0].product: 'cost' is not a field of Product.", nested.Message, StringComparison.Ordinal);

        var deeper = Refused(WithScopes, On("lines", "array_contains", List(Obj(("product", Obj(("suppliers", List(Obj(("name", "x")), Obj(("nme", "y"))))))))));
        Assert.StartsWith("where.lines.array_contains[0].product.suppliers[1]: 'nme' is not a field of Supplier.", deeper.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_caller_with_the_scopes_filters_by_either_spelling_and_the_operand_has_storage_keys()
    {
        const string Expected = """[{"unit_cost":5,"product":{"margin":40,"product_code":"P-1","suppliers":[{"unit_price":3}]}}]""";
        Assert.Equal(Expected, Operand(On("lines", "array_contains", List(Obj(("unitCost", 5L),
            ("product", Obj(("margin", 40L), ("productCode", "P-1"), ("suppliers", List(Obj(("price", 3L)))))))))));
        Assert.Equal(Expected, Operand(On("lines", "array_contains", List(Obj(("unit_cost", 5L),
            ("product", Obj(("margin", 40L), ("product_code", "P-1"), ("suppliers", List(Obj(("unit_price", 3L)))))))))));
        var (sql, _) = Where(WithScopes, On("lines", "array_contains", List(Obj(("unit_cost", 5L)))));
        Assert.Contains("nullif((\"data\"->'lines'), 'null') @> $1", sql, StringComparison.Ordinal);
    }

    [Fact]
    public void Fields_without_a_scope_need_none_and_leaves_are_written_as_stored()
    {
        // quantity is stored as qty; a lone object is a list of one; enum names become their stored values; a
        // list-of-leaves field takes a lone value as a list of one; a JSON field's value is free-form JSON, as given
        Assert.Equal("""[{"qty":2,"sku":"A","status":"shipped","tags":["x"],"extra":{"anyKey":[1]}}]""",
            Operand(On("lines", "array_contains", Obj(("quantity", 2L), ("sku", "A"), ("status", "SHIPPED"), ("tags", "x"), ("extra", Obj(("anyKey", List(1L))))))));
        var (_, parameters) = Where(WithoutScopes, On("lines", "array_overlaps", List(Obj(("sku", "A"), ("product", Obj(("name", "N")))), Obj(("qty", 1L)))));
        Assert.Equal("""[{"sku":"A","product":{"name":"N"}},{"qty":1}]""", parameters[0].Value);
        // the JSON scalar has no fields to check: its operand stays as given
        Assert.Equal("""{"unit_cost":5}""", Operand(On("meta", "strictly_contains", Obj(("unit_cost", 5L)))));
    }

    [Fact]
    public void Malformed_operands_are_bad_user_input()
    {
        // one field named twice (GraphQL name and storage key)
        var twice = Refused(WithScopes, On("lines", "array_contains", List(Obj(("quantity", 1L), ("qty", 2L)))));
        Assert.Equal("BAD_USER_INPUT", twice.Code);
        Assert.Contains("'qty'", twice.Message, StringComparison.Ordinal);
        // an element that is not an object, an object where a leaf is stored, a list where one value is stored
        Assert.Equal("BAD_USER_INPUT", Refused(WithScopes, On("lines", "array_contains", List(5L))).Code);
        Assert.Equal("BAD_USER_INPUT", Refused(WithScopes, On("lines", "array_contains", List(Obj(("sku", Obj(("a", 1L))))))).Code);
        Assert.Equal("BAD_USER_INPUT", Refused(WithScopes, On("lines", "array_contains", List(Obj(("product", "name"))))).Code);
        Assert.Equal("BAD_USER_INPUT", Refused(WithScopes, On("lines", "array_contains", List(Obj(("sku", List("a", "b")))))).Code);
    }

    [Fact]
    public void Lists_of_unions_and_interfaces_check_the_fields_of_every_type_they_can_hold()
    {
        AssertForbidden(Refused(WithoutScopes, On("hits", "array_contains", List(Obj(("royalty", 1L))))), "read:royalty", "Book.royalty");
        AssertForbidden(Refused(WithoutScopes, On("nodes", "array_contains", List(Obj(("royalty", 1L))))), "read:royalty", "Book.royalty");
        Assert.Equal("""[{"__typename":"Movie","title":"T","budget":5}]""",
            Operand(On("hits", "array_contains", List(Obj(("__typename", "Movie"), ("title", "T"), ("budget", 5L))))));
        Assert.Equal("""[{"id":"0f8fad5b-d9cb-469f-a165-70867728950e"}]""",
            Operand(On("nodes", "array_contains", List(Obj(("id", "0F8FAD5B-D9CB-469F-A165-70867728950E"))))));
        var unknown = Refused(WithoutScopes, On("hits", "array_contains", List(Obj(("rating", 1L)))));
        Assert.Equal("BAD_USER_INPUT", unknown.Code);
        Assert.Contains("'rating' is not a field of SearchHit", unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_field_stored_under_the_key_written_is_checked()
    {
        // revenueShare is written as "royalty", which is where a Book keeps its scoped royalty
        AssertForbidden(Refused(WithoutScopes, On("hits", "array_contains", List(Obj(("revenueShare", 1L))))), "read:royalty", "Book.royalty");
        Assert.Equal("""[{"royalty":1}]""", Operand(On("hits", "array_contains", List(Obj(("revenueShare", 1L))))));
        // a JSON field over an object's stored value is read as that object: its keys are the object's fields
        AssertForbidden(Refused(WithoutScopes, On("lines", "array_contains", List(Obj(("productJson", Obj(("margin", 40L))))))), "read:margin", "Product.margin");
        Assert.Equal("BAD_USER_INPUT", Refused(WithScopes, On("lines", "array_contains", List(Obj(("productJson", Obj(("anything", 1L))))))).Code);
        Assert.Equal("""[{"product":{"product_code":"P"}}]""", Operand(On("lines", "array_contains", List(Obj(("productJson", Obj(("productCode", "P"))))))));
    }

    [Fact]
    public void A_union_value_is_not_compared_as_text_nor_sorted_on()
    {
        // data->>'top_hit' is the whole member object as text: contains/like/eq on it would read its scoped fields
        foreach (var op in new[] { "contains", "like", "eq", "regex", "gt" })
        {
            var error = Refused(WithoutScopes, On("topHit", op, "royalty"));
            Assert.Equal("BAD_USER_INPUT", error.Code);
            Assert.Contains("SearchHit is a union", error.Message, StringComparison.Ordinal);
        }
        Assert.Contains("(\"data\"->>'top_hit') IS NULL", Where(WithoutScopes, On("topHit", "isnull", true)).Sql, StringComparison.Ordinal);
        var sort = Assert.Throws<GraphQLErrorException>(() => Compile(WithoutScopes, true, ("orderBy", Obj(("topHit", "ASC"))))).Error;
        Assert.Equal("BAD_USER_INPUT", sort.Code);
        Assert.Contains("not a scalar field", sort.Message, StringComparison.Ordinal);
    }
}
