using FraiseQL.Execution;
using FraiseQL.Schema;
using FraiseQL.Sql;

namespace FraiseQL.Runtime.Tests.Sql;

public class SqlCompilerUnitTests
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
                    new FieldDescriptor { Name = "total", StorageKey = "total", Type = "Decimal!" },
                    new FieldDescriptor { Name = "createdAt", StorageKey = "created_at", Type = "DateTime!" },
                    new FieldDescriptor { Name = "status", StorageKey = "status", Type = "OrderStatus!" },
                ],
            },
        ],
        Enums =
        [
            new EnumDescriptor
            {
                Name = "OrderStatus",
                Values = [new EnumValueDescriptor { Name = "PENDING", StorageValue = "pending" }, new EnumValueDescriptor { Name = "SHIPPED", StorageValue = "shipped" }],
            },
        ],
    });

    private static readonly QueryDescriptor Orders = new()
    {
        Name = "orders", ReturnType = "Order", ReturnsList = true, SqlSource = "\"v_order\"", HasWhere = true, HasOrderBy = true, HasLimit = true, HasOffset = true,
    };

    private static FieldSelection Field(params (string Name, object? Value)[] args) => new()
    {
        ResponseName = "orders",
        FieldName = "orders",
        Selections = [new FieldSelection { ResponseName = "id", FieldName = "id" }, new FieldSelection { ResponseName = "s", FieldName = "status" }],
        Arguments = args.ToDictionary(a => a.Name, a => a.Value),
    };

    private static IReadOnlyDictionary<string, object?> Obj(params (string Name, object? Value)[] fields) => fields.ToDictionary(f => f.Name, f => f.Value);

    private static (string Sql, List<Npgsql.NpgsqlParameter> Parameters) Compile(FieldSelection field, bool emit = true)
    {
        var builder = new SqlBuilder(emit);
        new QueryStatementCompiler(Schema, 100).Compile(builder, Orders, field, RequestContext.Anonymous("u"));
        return (builder.ToString(), builder.Parameters);
    }

    [Theory]
    [InlineData("userId", "user_id")]
    [InlineData("createdAt", "created_at")]
    [InlineData("id", "id")]
    [InlineData("HTTPStatus", "http_status")]
    [InlineData("item2Ids", "item2_ids")]
    [InlineData("already_snake", "already_snake")]
    public void SnakeCaseConversion(string input, string expected) => Assert.Equal(expected, SnakeCase.Convert(input));

    [Theory]
    [InlineData("success", "Success", null, false)]
    [InlineData("created", "Success", null, false)]
    [InlineData("updated:status", "Success", null, false)]
    [InlineData("noop:unchanged", "Noop", null, false)]
    [InlineData("validation:email", "Error", "validation", false)]
    [InlineData("not_found", "Error", "not_found", false)]
    [InlineData("failed:db", "Error", "failed", false)]
    [InlineData("bogus", "Error", "internal", true)]
    [InlineData("", "Error", "internal", true)]
    public void EightColumnStatusParsing(string status, string kind, string? errorClass, bool unknown)
    {
        var outcome = MutationOutcome.FromStatus(status);
        Assert.Equal((kind, errorClass, unknown), (outcome.Kind.ToString(), outcome.ErrorClass, outcome.UnknownStatus));
    }

    [Fact]
    public void CurrentShapeOutcomes()
    {
        Assert.Equal(MutationOutcomeKind.Success, MutationOutcome.FromCurrentShape(true, true, null).Kind);
        Assert.Equal(MutationOutcomeKind.Noop, MutationOutcome.FromCurrentShape(true, false, null).Kind);
        Assert.Equal("conflict", MutationOutcome.FromCurrentShape(false, false, "conflict").ErrorClass);
        Assert.True(MutationOutcome.FromCurrentShape(false, false, null).UnknownStatus);
    }

    [Fact]
    public void ShapeKeyIgnoresValuesButNotStructure()
    {
        string Key(params (string, object?)[] args) => StatementShapeKey.ForQuery("orders", Field(args));
        Assert.Equal(Key(("where", Obj(("total", Obj(("gt", 1L)))))), Key(("where", Obj(("total", Obj(("gt", 99L)))))));
        Assert.Equal(Key(("where", Obj(("id", Obj(("in", new object?[] { "a" })))))), Key(("where", Obj(("id", Obj(("in", new object?[] { "a", "b", "c" })))))));
        Assert.Equal(Key(("offset", 1L)), Key(("offset", 50L)));
        // the page size is a literal in the SQL text (PostgreSQL keeps a generic plan), so it is part of the key
        Assert.NotEqual(Key(("limit", 1L)), Key(("limit", 50L)));
        Assert.NotEqual(Key(("where", Obj(("total", Obj(("gt", 1L)))))), Key(("where", Obj(("total", Obj(("lt", 1L)))))));
        Assert.NotEqual(Key(("where", Obj(("id", Obj(("isnull", true)))))), Key(("where", Obj(("id", Obj(("isnull", false)))))));
        Assert.NotEqual(Key(("where", Obj(("id", Obj(("eq", null)))))), Key(("where", Obj(("id", Obj(("eq", "x")))))));
        Assert.NotEqual(Key(("orderBy", Obj(("total", "ASC")))), Key(("orderBy", Obj(("total", "DESC")))));
        Assert.NotEqual(Key(("limit", 1L)), Key(("offset", 1L)));
    }

    [Fact]
    public void ParametersOnlyModeBindsTheSameParametersAsFullMode()
    {
        var field = Field(("where", Obj(("total", Obj(("gt", 5L))), ("createdAt", Obj(("lt", "2026-01-01"))))), ("limit", 10L), ("offset", 2L));
        var full = Compile(field);
        var paramsOnly = Compile(field, emit: false);
        Assert.Equal("", paramsOnly.Sql);
        Assert.Equal(full.Parameters.Select(p => (p.Value, p.NpgsqlDbType)), paramsOnly.Parameters.Select(p => (p.Value, p.NpgsqlDbType)));
        Assert.Equal(3, full.Parameters.Count);
        Assert.Contains("(\"data\"->>'total')::numeric > $1::numeric", full.Sql, StringComparison.Ordinal);
        Assert.Contains("(\"data\"->>'created_at')::timestamptz < $2::timestamptz", full.Sql, StringComparison.Ordinal);
        Assert.EndsWith(" LIMIT 10 OFFSET $3) s", full.Sql, StringComparison.Ordinal);
    }

    [Fact]
    public void EnumStorageValuesAreMappedToGraphQLNames()
    {
        var (sql, _) = Compile(Field());
        Assert.Contains("CASE \"data\"->>'status' WHEN 'pending' THEN '\"PENDING\"' WHEN 'shipped' THEN '\"SHIPPED\"'", sql, StringComparison.Ordinal);
    }

    [Fact]
    public void WideObjectsAreSplitIntoConcatCallsOfAtMostOneHundredArguments()
    {
        var pairs = Enumerable.Range(1, 120).Select(n => new KeyValuePair<string, string>("f" + n, n.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList();
        var sql = JsonbProjectionCompiler.BuildObject(pairs);
        // 241 parts ('{"f1":', 1, ',"f2":', 2, …, '}') → three calls of 100, 100 and 41 inside one call of 3
        Assert.Equal(4, sql.Split("concat(").Length - 1);
        Assert.StartsWith("concat(concat('{\"f1\":', 1, ',\"f2\":', 2", sql, StringComparison.Ordinal);
        Assert.EndsWith(", 120, '}'))", sql, StringComparison.Ordinal);
        Assert.Equal("'{}'", JsonbProjectionCompiler.BuildObject([]));
        Assert.Equal("concat('{\"a\":', x, '}')", JsonbProjectionCompiler.BuildObject([new("a", "x")]));
    }

    [Fact]
    public void LikeWildcardsAreEscaped() =>
        Assert.Equal("50\\% off\\_now\\\\", WhereClauseCompiler.EscapeLike("50% off_now\\"));

    [Fact]
    public void StatementCacheStaysBounded()
    {
        var cache = new StatementCache(16);
        for (var i = 0; i < 100; i++)
        {
            cache.Add("k" + i, "sql");
        }
        Assert.InRange(cache.Count, 1, 16);
        Assert.True(cache.TryGet("k99", out var sql));
        Assert.Equal("sql", sql);
    }

    [Fact]
    public void StatementCacheStaysBoundedInCharactersAndKeepsNoHugeStatement()
    {
        var cache = new StatementCache(capacity: 1000, maxChars: 10_000);
        cache.Add("huge", new string('x', StatementCache.MaxEntryChars));
        Assert.False(cache.TryGet("huge", out _));
        for (var i = 0; i < 100; i++)
        {
            cache.Add("k" + i, new string('s', 995));
        }
        Assert.InRange(cache.Chars, 1, 10_000);
        Assert.True(cache.TryGet("k99", out _));
    }
}
