using FraiseQL.Execution;
using FraiseQL.Integration.Tests.Infrastructure;
using static FraiseQL.Integration.Tests.Sql.Sel;

namespace FraiseQL.Integration.Tests.Sql;

/// <summary>The order service's database, migrated once for the class, with five known orders.</summary>
public sealed class OrderDatabaseFixture : IAsyncDisposable
{
    public const string Order1 = "00000000-0000-4000-8000-000000000001";
    public const string Order2 = "00000000-0000-4000-8000-000000000002";
    public const string Order3 = "00000000-0000-4000-8000-000000000003";
    public const string User1 = "10000000-0000-4000-8000-000000000001";
    public const string User2 = "10000000-0000-4000-8000-000000000002";
    private readonly SemaphoreSlim _gate = new(1, 1);
    private SqlTestDatabase? _database;

    public async Task<SqlTestDatabase> GetAsync(ServersFixture servers)
    {
        await _gate.WaitAsync();
        try
        {
            return _database ??= await CreateAsync(servers);
        }
        finally
        {
            _gate.Release();
        }
    }

    private static async Task<SqlTestDatabase> CreateAsync(ServersFixture servers)
    {
        var db = await SqlTestDatabase.CreateAsync(servers.Postgres, OrderServiceSchema.Schema, SqlTestDatabase.MigrationsOf("order-service"),
            options: new FraiseQL.Sql.FraiseQLPostgresOptions { MaxPageSize = 5 });
        await db.ExecuteAsync($"""
            INSERT INTO tb_order (id, identifier, user_id, status, total, created_at) VALUES
              ('{Order1}', 'ORD-1', '{User1}', 'pending',   10.00, '2026-01-01T10:00:00Z'),
              ('{Order2}', 'ORD-2', '{User1}', 'shipped',   25.50, '2026-01-02T10:00:00Z'),
              ('{Order3}', 'ORD-3', '{User2}', 'cancelled', 99.99, '2026-01-03T10:00:00Z'),
              ('00000000-0000-4000-8000-000000000004', 'ord_4%', '{User2}', 'pending',  5.00, '2026-01-04T10:00:00Z'),
              ('00000000-0000-4000-8000-000000000005', 'ORD-5', '{User2}', 'confirmed', 100.00, '2026-01-05T10:00:00Z');
            INSERT INTO tb_order_item (fk_order, id, sku, qty, price)
            SELECT pk_order, ('20000000-0000-4000-8000-00000000000' || n)::uuid, 'SKU-000' || n, n, 10.00
            FROM tb_order, generate_series(1, 2) n WHERE id = '{Order1}';
            -- 400 items whose SKUs are not in insertion (= view) order: nested lists must keep the view's array order
            INSERT INTO tb_order_item (fk_order, sku, qty, price)
            SELECT pk_order, 'S-' || lpad(((n * 7919) % 401)::text, 3, '0'), 1, 1.00
            FROM tb_order, generate_series(1, 400) n WHERE id = '{Order3}';
            """);
        return db;
    }

    public async ValueTask DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}

[Collection(ServersCollection.Name)]
public sealed class OrderQueryTests(ServersFixture servers, OrderDatabaseFixture fixture) : IClassFixture<OrderDatabaseFixture>
{
    private Task<SqlTestDatabase> Db => fixture.GetAsync(servers);

    private async Task<string> Orders(params (string, object?)[] args)
    {
        var db = await Db;
        return await db.QueryAsync(OrderServiceSchema.OrdersQuery, F("orders", F("identifier")).Args(args));
    }

    /// <summary>An executor of its own (other options or data sources than the fixture's).</summary>
    private static FraiseQL.Sql.PostgresRootFieldExecutor Executor(Npgsql.NpgsqlDataSource dataSource, FraiseQL.Sql.FraiseQLPostgresOptions options, Npgsql.NpgsqlDataSource? readDataSource = null) =>
        new(dataSource, new FraiseQL.Schema.SchemaIndex(OrderServiceSchema.Schema), options,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<FraiseQL.Sql.PostgresRootFieldExecutor>.Instance, readDataSource: readDataSource);

    private static async Task<string> OrdersWith(FraiseQL.Sql.PostgresRootFieldExecutor executor, FieldSelection field)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        await executor.ExecuteQueryAsync(OrderServiceSchema.OrdersQuery, field, RequestContext.Anonymous("t"), buffer, default);
        return Json.Normalize(System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    private static string Ids(params int[] n) => Json.Q("[" + string.Join(",", n.Select(i => i == 4 ? "{'identifier':'ord_4%'}" : $"{{'identifier':'ORD-{i}'}}")) + "]");

    private async Task<GraphQLError> OrdersError(params (string, object?)[] args)
    {
        var e = await Assert.ThrowsAsync<GraphQLErrorException>(() => Orders(args));
        return e.Error;
    }

    [Fact]
    public async Task LookupByIdProjectsOnlySelectedFieldsWithTypesKept()
    {
        var db = await Db;
        var json = await db.QueryAsync(OrderServiceSchema.OrderQuery,
            F("order", F("id"), F("total"), F("createdAt"), F("userId")).Args(("id", OrderFixtureIds.Order2Upper)));
        Assert.Equal(Json.Q($"{{'id':'{OrderDatabaseFixture.Order2}','total':25.50,'createdAt':'2026-01-02T10:00:00+00:00','userId':'{OrderDatabaseFixture.User1}'}}"), json);
    }

    [Fact]
    public async Task LookupOfMissingIdIsNull()
    {
        var db = await Db;
        var json = await db.QueryAsync(OrderServiceSchema.OrderQuery, F("order", F("id")).Args(("id", "00000000-0000-4000-8000-0000000000ff")));
        Assert.Equal("null", json);
    }

    [Fact]
    public async Task LookupWithInvalidUuidIsBadUserInput()
    {
        var db = await Db;
        var e = await Assert.ThrowsAsync<GraphQLErrorException>(() => db.QueryAsync(OrderServiceSchema.OrderQuery, F("order", F("id")).Args(("id", "not-a-uuid"))));
        Assert.Equal("BAD_USER_INPUT", e.Error.Code);
        Assert.Contains("not-a-uuid", e.Error.Message, StringComparison.Ordinal);
        Assert.Equal(["order"], e.Error.Path);
    }

    [Fact]
    public async Task NestedListAliasesTypenameAndSelectionOrder()
    {
        var db = await Db;
        var json = await db.QueryAsync(OrderServiceSchema.OrderQuery,
            F("order", F("__typename"), A("number", "identifier"), F("items", F("sku"), A("quantity", "qty"), F("__typename"))).Args(("id", OrderDatabaseFixture.Order1)));
        Assert.Equal(Json.Q("{'__typename':'Order','number':'ORD-1','items':[{'sku':'SKU-0001','quantity':1,'__typename':'OrderItem'},{'sku':'SKU-0002','quantity':2,'__typename':'OrderItem'}]}"), json);
    }

    [Fact]
    public async Task NestedListKeepsTheViewsArrayOrder()
    {
        var db = await Db;
        var json = await db.QueryAsync(OrderServiceSchema.OrderQuery, F("order", F("items", F("sku"))).Args(("id", OrderDatabaseFixture.Order3)));
        var projected = System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("sku").GetString()).ToList();
        await using var connection = await db.DataSource.OpenConnectionAsync();
        await using var stored = new Npgsql.NpgsqlCommand(
            $"SELECT array_agg(e->>'sku' ORDER BY o) FROM v_order, jsonb_array_elements(data->'items') WITH ORDINALITY AS x(e, o) WHERE id = '{OrderDatabaseFixture.Order3}'", connection);
        var expected = (string[])(await stored.ExecuteScalarAsync())!;
        Assert.Equal(400, expected.Length);
        Assert.NotEqual(expected.Order(StringComparer.Ordinal), expected); // not sorted by sku: the order comes from the view
        Assert.Equal(expected, projected);
    }

    [Fact]
    public async Task EmptyNestedListStaysEmptyList()
    {
        var db = await Db;
        var json = await db.QueryAsync(OrderServiceSchema.OrderQuery, F("order", F("items", F("sku"))).Args(("id", OrderDatabaseFixture.Order2)));
        Assert.Equal(Json.Q("{'items':[]}"), json);
    }

    [Fact]
    public async Task ListWithoutArgumentsReturnsAll()
    {
        var json = await Orders(("orderBy", List(Obj(("field", "identifier"), ("direction", "ASC")))));
        Assert.Equal(Json.Q("[{'identifier':'ORD-1'},{'identifier':'ORD-2'},{'identifier':'ORD-3'},{'identifier':'ORD-5'},{'identifier':'ord_4%'}]"), json);
    }

    [Fact]
    public async Task EmptyResultIsEmptyList()
    {
        Assert.Equal("[]", await Orders(("where", Obj(("status", Obj(("eq", "nope")))))));
    }

    [Theory]
    [InlineData("status", "eq", "pending", new[] { 1, 4 })]
    [InlineData("status", "neq", "pending", new[] { 2, 3, 5 })]
    [InlineData("status", "like", "%ed", new[] { 2, 3, 5 })]
    [InlineData("status", "ilike", "PEND%", new[] { 1, 4 })]
    [InlineData("status", "nlike", "%ed", new[] { 1, 4 })]
    [InlineData("status", "nilike", "PEND%", new[] { 2, 3, 5 })]
    [InlineData("identifier", "contains", "4%", new[] { 4 })]
    [InlineData("identifier", "contains", "_", new[] { 4 })]
    [InlineData("identifier", "icontains", "ord-", new[] { 1, 2, 3, 5 })]
    [InlineData("identifier", "startswith", "ORD", new[] { 1, 2, 3, 5 })]
    [InlineData("identifier", "istartswith", "ord", new[] { 1, 2, 3, 5, 4 })]
    [InlineData("identifier", "endswith", "-5", new[] { 5 })]
    [InlineData("identifier", "iendswith", "_4%", new[] { 4 })]
    [InlineData("identifier", "regex", "^ORD-[12]$", new[] { 1, 2 })]
    [InlineData("identifier", "iregex", "^ord-[12]$", new[] { 1, 2 })]
    [InlineData("status", "matches", "shipped | cancelled", new[] { 2, 3 })]
    [InlineData("status", "search", "!pending & !confirmed", new[] { 2, 3 })]
    [InlineData("status", "plain_query", "pending", new[] { 1, 4 })]
    [InlineData("status", "phrase_query", "confirmed", new[] { 5 })]
    [InlineData("status", "websearch_query", "shipped or confirmed", new[] { 2, 5 })]
    [InlineData("total", "gt", 25.5, new[] { 3, 5 })]
    [InlineData("total", "gte", 25.5, new[] { 2, 3, 5 })]
    [InlineData("total", "lt", 10L, new[] { 4 })]
    [InlineData("total", "lte", 10L, new[] { 1, 4 })]
    [InlineData("total", "eq", 100L, new[] { 5 })]
    [InlineData("createdAt", "gte", "2026-01-04T00:00:00Z", new[] { 5, 4 })]
    [InlineData("createdAt", "lt", "2026-01-02T11:00:01+01:00", new[] { 1, 2 })]
    [InlineData("id", "eq", "00000000-0000-4000-8000-000000000003", new[] { 3 })]
    [InlineData("id", "eq", "00000000-0000-4000-8000-00000000000A", new int[0])]
    [InlineData("id", "neq", "00000000-0000-4000-8000-000000000003", new[] { 1, 2, 5, 4 })]
    [InlineData("id", "gt", "00000000-0000-4000-8000-000000000003", new[] { 5, 4 })]
    [InlineData("id", "endswith", "0005", new[] { 5 })]
    [InlineData("id", "isnull", false, new[] { 1, 2, 3, 5, 4 })]
    [InlineData("userId", "eq", "10000000-0000-4000-8000-000000000002", new[] { 3, 5, 4 })]
    [InlineData("status", "isnull", false, new[] { 1, 2, 3, 5, 4 })]
    [InlineData("status", "isnull", true, new int[0])]
    [InlineData("status", "is_not_null", true, new[] { 1, 2, 3, 5, 4 })]
    [InlineData("status", "isNull", true, new int[0])]
    public async Task EveryScalarOperator(string fieldName, string op, object value, int[] expected)
    {
        var json = await Orders(("where", Obj((fieldName, Obj((op, value))))), ("orderBy", Obj(("identifier", "ASC"))));
        Assert.Equal(Ids(expected), json);
    }

    [Fact]
    public async Task FullTextQuerySyntaxErrorIsBadUserInput()
    {
        var e = await Assert.ThrowsAsync<GraphQLErrorException>(() => Orders(("where", Obj(("status", Obj(("matches", "pending shipped")))))));
        Assert.Equal("BAD_USER_INPUT", e.Error.Code);
        Assert.Contains("syntax error in tsquery", e.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListFilterOnAListOfObjectsMatchesElementsByTheirFields()
    {
        // Order 1 has SKU-0001 (qty 1) and SKU-0002 (qty 2); order 3 has 400 items; the others none
        var asc = ("orderBy", (object?)Obj(("identifier", "ASC")));
        Assert.Equal(Ids(1), await Orders(("where", W("items", "array_contains", List(Obj(("sku", "SKU-0002"), ("qty", 2L))))), asc));
        Assert.Equal(Ids(), await Orders(("where", W("items", "array_contains", List(Obj(("sku", "SKU-0002"), ("qty", 1L))))), asc));
        Assert.Equal(Ids(1), await Orders(("where", W("items", "array_overlaps", List(Obj(("sku", "nope")), Obj(("sku", "SKU-0001"))))), asc));
        Assert.Equal(Ids(1), await Orders(("where", W("items", "len_eq", 2L)), asc));
        Assert.Equal(Ids(3), await Orders(("where", W("items", "len_gt", 100L)), asc));
        Assert.Equal(Ids(2, 5, 4), await Orders(("where", Obj(("items", Obj(("len_eq", 0L))), ("identifier", Obj(("neq", "nothing"))))), asc));
    }

    [Fact]
    public async Task DecimalValueComparesNumerically()
    {
        Assert.Equal(Ids(5), await Orders(("where", Obj(("total", Obj(("gt", 99.995m)))))));
    }

    [Fact]
    public async Task InAndNin()
    {
        Assert.Equal(Ids(2, 3), await Orders(("where", Obj(("status", Obj(("in", List("shipped", "cancelled")))))), ("orderBy", Obj(("identifier", "ASC")))));
        Assert.Equal(Ids(1, 5, 4), await Orders(("where", Obj(("status", Obj(("nin", List("shipped", "cancelled")))))), ("orderBy", Obj(("identifier", "ASC")))));
        Assert.Equal(Ids(1, 3), await Orders(("where", Obj(("total", Obj(("in", List(10L, 99.99m)))))), ("orderBy", Obj(("identifier", "ASC")))));
        Assert.Equal("[]", await Orders(("where", Obj(("status", Obj(("in", List())))))));
        Assert.Equal(Ids(1, 2, 3, 5, 4), await Orders(("where", Obj(("status", Obj(("nin", List()))))), ("orderBy", Obj(("identifier", "ASC")))));
    }

    [Fact]
    public async Task AndOrNotAndTheirSynonyms()
    {
        var asc = ("orderBy", (object?)Obj(("identifier", "ASC")));
        var pending = W("status", "eq", "pending");
        Assert.Equal(Ids(1), await Orders(("where", Obj(("_and", List(pending, W("total", "gt", 6L))))), asc));
        Assert.Equal(Ids(1, 3, 4), await Orders(("where", Obj(("_or", List(pending, W("total", "eq", 99.99m))))), asc));
        Assert.Equal(Ids(2, 3, 5), await Orders(("where", Obj(("_not", pending))), asc));
        Assert.Equal(Ids(2, 3, 5), await Orders(("where", Obj(("not", pending))), asc));
        Assert.Equal(Ids(1, 3, 4), await Orders(("where", Obj(("or", List(pending, W("total", "eq", 99.99m))))), asc));
        Assert.Equal(Ids(4), await Orders(("where", Obj(("and", List(pending, W("total", "lt", 6L))))), asc));
        // Nested: pending AND NOT (total < 6 OR total > 50)
        var notCheapOrPricey = Obj(("_not", Obj(("_or", List(W("total", "lt", 6L), W("total", "gt", 50L))))));
        Assert.Equal(Ids(1), await Orders(("where", Obj(("_and", List(pending, notCheapOrPricey)))), asc));
        // Top-level keys are ANDed; an operator object with several operators too.
        Assert.Equal(Ids(2), await Orders(("where", Obj(("userId", Obj(("eq", OrderDatabaseFixture.User1))), ("total", Obj(("gt", 20L), ("lt", 30L))))), asc));
    }

    private static IReadOnlyDictionary<string, object?> W(string field, string op, object? value) => Obj((field, Obj((op, value))));

    [Fact]
    public async Task UnknownFieldNamesTheAllowedOnes()
    {
        var error = await OrdersError(("where", Obj(("user_id", Obj(("eq", "x"))))));
        Assert.Equal("BAD_USER_INPUT", error.Code);
        Assert.Contains("'user_id' is not a field of Order", error.Message, StringComparison.Ordinal);
        Assert.Contains("userId", error.Message, StringComparison.Ordinal);
        Assert.Contains("_and", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownOperatorNamesTheAllowedOnes()
    {
        var error = await OrdersError(("where", Obj(("status", Obj(("equals", "x"))))));
        Assert.Equal("BAD_USER_INPUT", error.Code);
        Assert.Contains("unknown operator 'equals'", error.Message, StringComparison.Ordinal);
        Assert.Contains("startswith", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NonNumericValueForNumericFieldIsBadUserInput()
    {
        var error = await OrdersError(("where", Obj(("total", Obj(("gt", "abc"))))));
        Assert.Equal("BAD_USER_INPUT", error.Code);
        Assert.Contains("numeric", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OrderByListAndObjectForms()
    {
        Assert.Equal(Ids(5, 3, 2, 1, 4), await Orders(("orderBy", List(Obj(("field", "total"), ("direction", "DESC"))))));
        Assert.Equal(Ids(5, 4, 3, 2, 1), await Orders(("orderBy", Obj(("createdAt", "DESC")))));
        Assert.Equal(Ids(3, 5, 1, 4, 2), await Orders(("orderBy", List(Obj(("field", "status")), Obj(("field", "createdAt"), ("direction", "ASC"))))));
        Assert.Equal(Ids(3, 5, 4, 1, 2), await Orders(("orderBy", Obj(("status", "ASC"), ("createdAt", "DESC")))));
        Assert.Equal(Ids(1, 2, 3, 4, 5), await Orders(("orderBy", Obj(("field", "createdAt"), ("direction", "ASC")))));
    }

    [Fact]
    public async Task IdFiltersAndSortsOnTheNativeColumn()
    {
        Assert.Equal(Ids(5, 4, 3, 2, 1), await Orders(("orderBy", Obj(("id", "DESC")))));
        // upper-case spelling: the uuid column compares values, not text
        Assert.Equal(Ids(1, 2), await Orders(("where", Obj(("id", Obj(("in", List(OrderFixtureIds.Order2Upper, OrderDatabaseFixture.Order1)))))), ("orderBy", Obj(("id", "ASC")))));
        Assert.Equal(Ids(3, 5, 4), await Orders(("where", Obj(("id", Obj(("nin", List(OrderFixtureIds.Order2Upper, OrderDatabaseFixture.Order1)))))), ("orderBy", Obj(("identifier", "ASC")))));
        var error = await OrdersError(("where", Obj(("id", Obj(("eq", "not-a-uuid"))))));
        Assert.Equal("BAD_USER_INPUT", error.Code);
    }

    [Fact]
    public async Task PageSortedByIdReadsTheIndexAndBuildsEachRowOnce()
    {
        var db = await Db;
        var field = F("orders", F("identifier"), F("total")).Args(("orderBy", Obj(("id", "ASC"))), ("limit", 2L));
        var (sql, parameters) = db.Executor.CompileQuery(OrderServiceSchema.OrdersQuery, field, RequestContext.Anonymous("t"));
        Assert.Contains("ORDER BY \"id\" ASC LIMIT 2) s", sql, StringComparison.Ordinal);
        // the projection reads the subquery's column, so the view's JSON is built once per row, not once per field
        Assert.Contains("FROM (SELECT \"data\" FROM", sql, StringComparison.Ordinal);

        await using var connection = await db.DataSource.OpenConnectionAsync();
        await using (var off = new Npgsql.NpgsqlCommand("SET enable_seqscan = off", connection))
        {
            await off.ExecuteNonQueryAsync();
        }
        var plan = string.Join('\n', await QueryPlans.ExplainAsync(connection, sql, parameters));
        Assert.Contains("Index Scan using tb_order_id_key", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("Sort", plan, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OrderByUnknownFieldOrDirectionIsBadUserInput()
    {
        var error = await OrdersError(("orderBy", Obj(("nope", "ASC"))));
        Assert.Equal("BAD_USER_INPUT", error.Code);
        Assert.Contains("'nope' is not a field of Order", error.Message, StringComparison.Ordinal);
        error = await OrdersError(("orderBy", Obj(("total", "SIDEWAYS"))));
        Assert.Contains("ASC or DESC", error.Message, StringComparison.Ordinal);
        error = await OrdersError(("orderBy", Obj(("items", "ASC"))));
        Assert.Contains("cannot be sorted", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LimitOffsetAndMaxPageSize()
    {
        var asc = ("orderBy", (object?)Obj(("createdAt", "ASC")));
        Assert.Equal(Ids(1, 2), await Orders(asc, ("limit", 2L)));
        Assert.Equal(Ids(3, 4, 5), await Orders(asc, ("limit", 3L), ("offset", 2L)));
        Assert.Equal(Ids(5), await Orders(asc, ("offset", 4L)));
        Assert.Equal("[]", await Orders(asc, ("limit", 0L)));

        var error = await OrdersError(("limit", 6L));
        Assert.Equal("BAD_USER_INPUT", error.Code);
        Assert.Contains("maximum page size 5", error.Message, StringComparison.Ordinal);
        error = await OrdersError(("limit", -1L));
        Assert.Contains("must not be negative", error.Message, StringComparison.Ordinal);
        error = await OrdersError(("offset", -5L));
        Assert.Contains("offset must not be negative", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EachPageSizeHasItsOwnStatementAndAGenericPlan()
    {
        // one pooled connection, so every execution and the pg_prepared_statements check share a session
        var (executor, dataSource) = await PooledAsync(poolMax: 1);
        await using var _ = dataSource;
        Task<string> Page(long limit) =>
            OrdersWith(executor, F("orders", F("identifier")).Args(("orderBy", Obj(("createdAt", "ASC"))), ("limit", limit)));

        // the page size is part of the statement text: a cached statement never serves another size
        Assert.Equal(Ids(1), await Page(1));
        Assert.Equal(Ids(1, 2), await Page(2));
        Assert.Equal(Ids(1), await Page(1));
        Assert.Equal(2, executor.CachedStatementCount);

        // with LIMIT $n PostgreSQL would re-plan every execution (custom plans); the literal keeps the generic plan
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(Ids(1, 2), await Page(2));
        }
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var plans = new Npgsql.NpgsqlCommand(
            "SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement LIKE '%LIMIT 2) s%'", connection);
        await using var reader = await plans.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), "the page-of-2 statement was not auto-prepared");
        var (generic, custom) = (reader.GetInt64(0), reader.GetInt64(1));
        Assert.True(generic >= 5 && custom <= 5, $"generic plans {generic}, custom plans {custom}");
    }

    [Fact]
    public async Task RepeatedShapesReuseCachedSqlWithNewValues()
    {
        var db = await Db;
        Assert.Equal(Ids(1), await Orders(("where", Obj(("identifier", Obj(("eq", "ORD-1")))))));
        var cached = db.Executor.CachedStatementCount;
        Assert.Equal(Ids(2), await Orders(("where", Obj(("identifier", Obj(("eq", "ORD-2")))))));
        Assert.Equal(Ids(3), await Orders(("where", Obj(("identifier", Obj(("eq", "ORD-3")))))));
        Assert.Equal(cached, db.Executor.CachedStatementCount);
        // A different shape compiles a new statement.
        var where = Obj(("identifier", Obj(("neq", "x"))), ("total", Obj(("gt", 99L), ("lt", 100L))));
        Assert.Equal(Ids(3), await Orders(("where", where)));
        Assert.True(db.Executor.CachedStatementCount > cached);
    }

    [Fact]
    public async Task NoLimitReturnsOnePageOfMaxPageSize()
    {
        var db = await Db;
        var options = new FraiseQL.Sql.FraiseQLPostgresOptions { ConnectionString = db.ConnectionString, MaxPageSize = 3 };
        var executor = Executor(db.DataSource, options);
        Task<string> Page(params (string, object?)[] args) => OrdersWith(executor, F("orders", F("identifier")).Args(args));
        var asc = ("orderBy", (object?)Obj(("createdAt", "ASC")));
        // five orders, max_page_size 3: without a limit one page of 3 comes back, never the whole table
        Assert.Equal(Ids(1, 2, 3), await Page(asc));
        Assert.Equal(Ids(2, 3, 4), await Page(asc, ("offset", 1L)));
    }

    /// <summary>An executor on a regular pooled data source of its own, of at most <paramref name="poolMax"/> connections (the caller disposes it).</summary>
    private async Task<(FraiseQL.Sql.PostgresRootFieldExecutor Executor, Npgsql.NpgsqlDataSource Pool)> PooledAsync(int poolMax)
    {
        var db = await Db;
        var options = new FraiseQL.Sql.FraiseQLPostgresOptions { ConnectionString = db.ConnectionString, MaxPageSize = 5, PoolMax = poolMax };
        var pool = Npgsql.NpgsqlDataSource.Create(FraiseQL.Sql.PostgresConnectionStrings.Build(options).ConnectionString);
        return (Executor(pool, options), pool);
    }

    /// <summary>An executor whose reads go through a multiplexed data source of two connections (the caller disposes it).</summary>
    private async Task<(FraiseQL.Sql.PostgresRootFieldExecutor Executor, Npgsql.NpgsqlDataSource Multiplexed)> MultiplexedAsync()
    {
        var db = await Db;
        var options = new FraiseQL.Sql.FraiseQLPostgresOptions { ConnectionString = db.ConnectionString, MaxPageSize = 5, PoolMax = 2 };
        var multiplexed = Npgsql.NpgsqlDataSource.Create(FraiseQL.Sql.MultiplexedReadDataSource.ConnectionString(options));
        return (Executor(db.DataSource, options, readDataSource: multiplexed), multiplexed);
    }

    [Fact]
    public async Task MultiplexedReadsReturnTheSameJsonAsThePool()
    {
        var (executor, multiplexed) = await MultiplexedAsync();
        await using var _ = multiplexed;
        Task<string> Read(FieldSelection field) => OrdersWith(executor, field);
        var asc = ("orderBy", (object?)Obj(("createdAt", "ASC")));
        // 64 concurrent reads share two multiplexed connections; each gets its own, correct result
        var reads = Enumerable.Range(0, 64).Select(i => Read(F("orders", F("identifier")).Args(asc, ("limit", (long)(i % 5) + 1)))).ToArray();
        var results = await Task.WhenAll(reads);
        for (var i = 0; i < results.Length; i++)
        {
            Assert.Equal(Ids(Enumerable.Range(1, (i % 5) + 1).ToArray()), results[i]);
        }
    }

    [Fact]
    public async Task MultiplexedReadsSurviveCallersThatGoAway()
    {
        // Clients that disconnect (or time out) while their read is queued or running on a shared multiplexed connection
        // must not break it for everyone else: the reads that follow still succeed.
        var (executor, multiplexed) = await MultiplexedAsync();
        await using var _ = multiplexed;
        var field = F("orders", F("identifier"), F("items", F("sku"))).Args(("orderBy", Obj(("createdAt", "ASC"))));
        var expected = await OrdersWith(executor, field);
        for (var round = 0; round < 20; round++)
        {
            var reads = Enumerable.Range(0, 32).Select(async i =>
            {
                using var gone = new CancellationTokenSource(TimeSpan.FromMilliseconds(i % 4));
                var buffer = new System.Buffers.ArrayBufferWriter<byte>();
                try
                {
                    await executor.ExecuteQueryAsync(OrderServiceSchema.OrdersQuery, field, RequestContext.Anonymous("t"), buffer, gone.Token);
                }
                catch (GraphQLErrorException e) when (e.Error.Code == "TIMEOUT")
                {
                    // this caller went away: fine, as long as the others are not hurt
                }
            });
            await Task.WhenAll(reads).WaitAsync(TimeSpan.FromSeconds(30));
        }
        var after = Enumerable.Range(0, 8).Select(_ => OrdersWith(executor, field));
        foreach (var result in await Task.WhenAll(after).WaitAsync(TimeSpan.FromSeconds(30)))
        {
            Assert.Equal(expected, result);
        }
    }

    [Fact]
    public async Task PooledReadsOfCallersThatStayAreNeverCancelledForCallersThatLeave()
    {
        // Two pooled connections shared by 32 readers, half of which leave at once or within 3 ms (their statements are
        // cancelled from FraiseQL's canceller thread). A cancel request that arrived after its statement ended, once the
        // connection served the next reader, would stop that reader's statement: every reader that stays must succeed.
        var (executor, pool) = await PooledAsync(poolMax: 2);
        await using var _ = pool;
        var field = F("orders", F("identifier"), F("items", F("sku"))).Args(("orderBy", Obj(("createdAt", "ASC"))));
        var expected = await OrdersWith(executor, field);
        var left = 0;
        for (var round = 0; round < 20; round++)
        {
            var reads = Enumerable.Range(0, 32).Select(async i =>
            {
                if (i % 2 == 0)
                {
                    Assert.Equal(expected, await OrdersWith(executor, field));
                    return;
                }
                using var gone = new CancellationTokenSource(TimeSpan.FromMilliseconds(i % 4));
                try
                {
                    await executor.ExecuteQueryAsync(OrderServiceSchema.OrdersQuery, field, RequestContext.Anonymous("t"), new System.Buffers.ArrayBufferWriter<byte>(), gone.Token);
                }
                catch (GraphQLErrorException e) when (e.Error.Code == "TIMEOUT")
                {
                    Interlocked.Increment(ref left);
                }
            });
            await Task.WhenAll(reads).WaitAsync(TimeSpan.FromSeconds(30));
        }
        Assert.True(left > 0, "no reader left before its statement ended: the test did not exercise cancellation");
    }

    [Fact]
    public async Task StatementsArePreparedAfterRepeatedUse()
    {
        var db = await Db;
        await using var connection = await db.DataSource.OpenConnectionAsync();
        // The executor's statements are auto-prepared per physical connection: run the same statement
        // several times on a single-connection data source and look at pg_prepared_statements.
        var options = new FraiseQL.Sql.FraiseQLPostgresOptions { ConnectionString = db.ConnectionString, PoolMax = 1 };
        await using var single = Npgsql.NpgsqlDataSource.Create(FraiseQL.Sql.PostgresConnectionStrings.Build(options).ConnectionString);
        var executor = Executor(single, options);
        for (var i = 0; i < 3; i++)
        {
            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            await executor.ExecuteQueryAsync(OrderServiceSchema.OrderQuery, F("order", F("identifier")).Args(("id", OrderDatabaseFixture.Order1)), RequestContext.Anonymous("t"), buffer, default);
        }
        await using var check = single.CreateCommand("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE '%v_order%'");
        Assert.Equal(1L, (long)(await check.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task IdLookupUsesTheNativeIdColumnAndItsIndex()
    {
        var db = await Db;
        var (sql, parameters) = db.Executor.CompileQuery(OrderServiceSchema.OrderQuery, F("order", F("id")).Args(("id", OrderDatabaseFixture.Order1)), RequestContext.Anonymous("t"));
        Assert.Contains("WHERE \"id\" = $1 LIMIT 1) s", sql, StringComparison.Ordinal);
        Assert.Equal(NpgsqlTypes.NpgsqlDbType.Uuid, Assert.Single(parameters).NpgsqlDbType);

        await using var connection = await db.DataSource.OpenConnectionAsync();
        await using (var off = new Npgsql.NpgsqlCommand("SET enable_seqscan = off", connection))
        {
            await off.ExecuteNonQueryAsync();
        }
        var plan = string.Join('\n', await QueryPlans.ExplainAsync(connection, sql, parameters));
        Assert.Contains("tb_order_id_key", plan, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheViewsDataIsBuiltOncePerRowHoweverManyFieldsAreSelected()
    {
        // Flattened into the projection, the view's jsonb_build_object (and its items subquery) would be evaluated once
        // per reference to "data": here five times per row. The subquery keeps it to one.
        var db = await Db;
        var field = F("orders", F("id"), F("identifier"), F("status"), F("total"), F("items", F("sku"), F("qty"))).Args(("limit", 5L));
        var (sql, parameters) = db.Executor.CompileQuery(OrderServiceSchema.OrdersQuery, field, RequestContext.Anonymous("t"));
        await using var connection = await db.DataSource.OpenConnectionAsync();
        var plan = await QueryPlans.ExplainAsync(connection, sql, parameters, "(VERBOSE, COSTS OFF)");
        Assert.Equal(1, plan.Count(line => System.Text.RegularExpressions.Regex.IsMatch(line, @"Scan .*\bon public\.tb_order_item\b")));
    }

    [Fact]
    public async Task WhereValuesNeverAppearInTheSqlText()
    {
        var db = await Db;
        var where = Obj(("identifier", Obj(("contains", "x'); DROP TABLE tb_order; --"))));
        var field = F("orders", F("id")).Args(("where", where), ("limit", 2L));
        var (sql, parameters) = db.Executor.CompileQuery(OrderServiceSchema.OrdersQuery, field, RequestContext.Anonymous("t"));
        Assert.DoesNotContain("DROP", sql, StringComparison.Ordinal);
        Assert.Equal(["x'); DROP TABLE tb\\_order; --"], parameters.Select(p => p.Value));
        Assert.EndsWith(" LIMIT 2) s", sql, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RemoteQueryIsRefusedClearly()
    {
        var db = await Db;
        var e = await Assert.ThrowsAsync<GraphQLErrorException>(() => db.QueryAsync(OrderServiceSchema.Schema.Queries[2], F("stockLevel", F("sku")).Args(("sku", "SKU-0001"))));
        Assert.Contains("request–reply", e.Error.Message, StringComparison.Ordinal);
    }
}

internal static class OrderFixtureIds
{
    /// <summary>Upper-case spelling of Order2's id: the native uuid column compares it correctly.</summary>
    public const string Order2Upper = "00000000-0000-4000-8000-000000000002";
}
