using System.Buffers;
using FraiseQL.Execution;
using FraiseQL.Integration.Tests.Infrastructure;
using FraiseQL.Schema;
using FraiseQL.Sql;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using static FraiseQL.Integration.Tests.Sql.Sel;

namespace FraiseQL.Integration.Tests.Sql;

/// <summary>The catalog test database: migrations from a temporary folder, four books in two tenants.</summary>
public sealed class CatalogDatabaseFixture : IAsyncDisposable
{
    public const string Dune = "30000000-0000-4000-8000-000000000001";
    public const string Emma = "30000000-0000-4000-8000-000000000002";
    private readonly SemaphoreSlim _gate = new(1, 1);
    private SqlTestDatabase? _database;

    public async Task<SqlTestDatabase> GetAsync(ServersFixture servers)
    {
        await _gate.WaitAsync();
        try
        {
            return _database ??= await CreateAsync(servers.Postgres);
        }
        finally
        {
            _gate.Release();
        }
    }

    public static async Task<SqlTestDatabase> CreateAsync(FraiseQL.Testing.PostgresServer server, RecordingEventSink? sink = null)
    {
        var dir = Directory.CreateTempSubdirectory("fraiseql-catalog-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(dir.FullName, "001_catalog.sql"), CatalogSchema.Migration);
            var db = await SqlTestDatabase.CreateAsync(server, CatalogSchema.Schema, dir.FullName, extraSql: RecordingEventSink.TableSql, sink: sink);
            await db.ExecuteAsync($$$"""
                INSERT INTO tb_book (id, tenant_id, title, rating, published, author, tags) VALUES
                  ('{{{Dune}}}', 't1', 'Dune', 5, true, '{"name": "Frank Herbert", "born_year": 1920, "address": {"city": "Tacoma"}}', ARRAY['scifi', 'classic']),
                  ('{{{Emma}}}', 't1', 'Emma', 4, true, '{"name": "Jane Austen", "born_year": 1775, "address": {"city": "Steventon"}}', ARRAY[]::text[]),
                  ('30000000-0000-4000-8000-000000000003', 't2', 'Anonymous', NULL, false, NULL, NULL),
                  ('30000000-0000-4000-8000-000000000004', 't2', 'It''s', 2, false, '{"name": "O''Brien", "address": null}', ARRAY['x']);
                """);
            return db;
        }
        finally
        {
            dir.Delete(recursive: true);
        }
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
public sealed class CatalogQueryTests(ServersFixture servers, CatalogDatabaseFixture fixture) : IClassFixture<CatalogDatabaseFixture>
{
    private Task<SqlTestDatabase> Db => fixture.GetAsync(servers);

    private async Task<string> Books(FieldSelection[] selections, params (string, object?)[] args) =>
        await (await Db).QueryAsync(CatalogSchema.Books, F("books", selections).Args(args));

    private static IReadOnlyDictionary<string, object?> W(string field, string op, object? value) => Obj((field, Obj((op, value))));

    [Fact]
    public async Task NestedObjectsProjectOnlySelectedFieldsAndNullStaysNull()
    {
        var json = await Books([F("title"), F("author", F("name"), F("address", F("city")))], ("orderBy", Obj(("title", "ASC"))));
        Assert.Equal(Json.Q("""
            [{'title':'Anonymous','author':null},
             {'title':'Dune','author':{'name':'Frank Herbert','address':{'city':'Tacoma'}}},
             {'title':'Emma','author':{'name':'Jane Austen','address':{'city':'Steventon'}}},
             {'title':'It\u0027s','author':{'name':'O\u0027Brien','address':null}}]
            """), json);
    }

    [Fact]
    public async Task NodeFindsAnObjectByIdOnlyForCallersWithItsRoleAndTenant()
    {
        // node(id) over Book's view, with its row tenancy and a role, as the generator emits for "relay": true on a type
        var node = new FraiseQL.Schema.QueryDescriptor
        {
            Name = "node", ReturnType = "CascadeNode", Nullable = true, SqlSource = "\"v_book\"",
            Arguments = [new FraiseQL.Schema.ArgumentDescriptor { Name = "id", StorageKey = "id", Type = "ID!" }],
            NodeTypes =
            [
                new FraiseQL.Schema.NodeTypeDescriptor
                {
                    TypeName = "Book", SqlSource = "\"v_book\"", RequiresRole = "reader",
                    InjectParams = [new FraiseQL.Schema.InjectParamDescriptor { Name = "tenant_id", Claim = "tenant_id" }],
                },
            ],
        };
        static RequestContext Caller(string tenant, params string[] roles) =>
            new() { CorrelationId = "c", Principal = "p", Roles = roles, Claims = new Dictionary<string, string> { ["tenant_id"] = tenant } };
        async Task<string> Find(string id, RequestContext? caller) =>
            await (await Db).QueryAsync(node, F("node", F("__typename"), F("id"), On("Book", "title")).Args(("id", id)), caller);

        Assert.Equal(Json.Q($"{{'__typename':'Book','id':'{CatalogDatabaseFixture.Dune}','title':'Dune'}}"), await Find(CatalogDatabaseFixture.Dune, Caller("t1", "reader")));
        Assert.Equal("null", await Find(CatalogDatabaseFixture.Dune, Caller("t2", "reader"))); // another tenant's book
        Assert.Equal("null", await Find(CatalogDatabaseFixture.Dune, Caller("t1"))); // without the type's role
        Assert.Equal("null", await Find(CatalogDatabaseFixture.Dune, null)); // anonymous: no tenant claim
        Assert.Equal("null", await Find("not-a-uuid", Caller("t1", "reader")));
    }

    [Fact]
    public async Task NodeFindsAnObjectThroughAnyBranchTheCallerPasses()
    {
        // two queries return Book: one for librarians (every book), one for anyone (their tenant's books); node(id)
        // gets a branch for each, as the generator emits them, and finds a book through either
        var node = new FraiseQL.Schema.QueryDescriptor
        {
            Name = "node", ReturnType = "CascadeNode", Nullable = true, SqlSource = "\"v_book\"",
            Arguments = [new FraiseQL.Schema.ArgumentDescriptor { Name = "id", StorageKey = "id", Type = "ID!" }],
            NodeTypes =
            [
                new FraiseQL.Schema.NodeTypeDescriptor { TypeName = "Book", SqlSource = "\"v_book\"", RequiresRole = "librarian" },
                new FraiseQL.Schema.NodeTypeDescriptor
                {
                    TypeName = "Book", SqlSource = "\"v_book\"",
                    InjectParams = [new FraiseQL.Schema.InjectParamDescriptor { Name = "tenant_id", Claim = "tenant_id" }],
                },
            ],
        };
        static RequestContext Caller(string tenant, params string[] roles) =>
            new() { CorrelationId = "c", Principal = "p", Roles = roles, Claims = new Dictionary<string, string> { ["tenant_id"] = tenant } };
        async Task<string> Find(RequestContext? caller) =>
            await (await Db).QueryAsync(node, F("node", F("__typename"), On("Book", "title")).Args(("id", CatalogDatabaseFixture.Dune)), caller);

        var dune = Json.Q("{'__typename':'Book','title':'Dune'}");
        Assert.Equal(dune, await Find(Caller("t1"))); // the book's tenant
        Assert.Equal(dune, await Find(Caller("t2", "librarian"))); // another tenant, with the role
        Assert.Equal("null", await Find(Caller("t2"))); // another tenant, without it
        Assert.Equal("null", await Find(null));
    }

    [Fact]
    public async Task ListsOfScalarsKeepNullAndEmpty()
    {
        var json = await Books([F("tags")], ("orderBy", Obj(("title", "ASC"))));
        Assert.Equal(Json.Q("[{'tags':null},{'tags':['scifi','classic']},{'tags':[]},{'tags':['x']}]"), json);
    }

    [Fact]
    public async Task WhereOnNestedFields()
    {
        var asc = ("orderBy", (object?)Obj(("title", "ASC")));
        Assert.Equal(Json.Q("[{'title':'Emma'}]"), await Books([F("title")], ("where", Obj(("author", W("name", "eq", "Jane Austen")))), asc));
        Assert.Equal(Json.Q("[{'title':'Dune'}]"), await Books([F("title")], ("where", Obj(("author", Obj(("address", W("city", "startswith", "Tac")))))), asc));
        Assert.Equal(Json.Q("[{'title':'Emma'}]"), await Books([F("title")], ("where", Obj(("author", W("bornYear", "lt", 1800L)))), asc));
        Assert.Equal(Json.Q("[{'title':'Anonymous'}]"), await Books([F("title")], ("where", Obj(("author", W("name", "isnull", true)))), asc));
        var e = await Assert.ThrowsAsync<GraphQLErrorException>(() => Books([F("title")], ("where", Obj(("author", W("city", "eq", "x"))))));
        Assert.Contains("'city' is not a field of Author", e.Error.Message, StringComparison.Ordinal);
        Assert.Contains("where.author", e.Error.Message, StringComparison.Ordinal);
    }

    [Theory]
    // tags: Anonymous null, Dune [scifi, classic], Emma [], It's [x]
    [InlineData("array_contains", new[] { "scifi" }, "Dune")]
    [InlineData("array_contains", new[] { "scifi", "x" }, "")]
    [InlineData("array_contained_by", new[] { "scifi", "classic", "x" }, "Dune,Emma,It's")]
    [InlineData("contained_in", new[] { "x" }, "Emma,It's")]
    [InlineData("array_overlaps", new[] { "x", "classic" }, "Dune,It's")]
    [InlineData("array_overlaps", new string[0], "")]
    public async Task ListFilterContainmentOnAListOfStrings(string op, string[] operand, string expected)
    {
        var json = await Books([F("title")], ("where", W("tags", op, List(operand.Cast<object?>().ToArray()))), ("orderBy", Obj(("title", "ASC"))));
        Assert.Equal(Titles(expected), json);
    }

    [Theory]
    [InlineData("len_eq", 0L, "Emma")]
    [InlineData("len_neq", 0L, "Dune,It's")]
    [InlineData("len_gt", 1L, "Dune")]
    [InlineData("len_gte", 1L, "Dune,It's")]
    [InlineData("len_lt", 2L, "Emma,It's")]
    [InlineData("len_lte", 2L, "Dune,Emma,It's")]
    [InlineData("isnull", true, "Anonymous")]
    [InlineData("isnull", false, "Dune,Emma,It's")]
    [InlineData("is_not_null", true, "Dune,Emma,It's")]
    public async Task ListFilterLengthAndNullOnAListOfStrings(string op, object operand, string expected)
    {
        var json = await Books([F("title")], ("where", W("tags", op, operand)), ("orderBy", Obj(("title", "ASC"))));
        Assert.Equal(Titles(expected), json);
    }

    [Fact]
    public async Task ListFilterOperatorsCombineAndBadOnesAreNamed()
    {
        var asc = ("orderBy", (object?)Obj(("title", "ASC")));
        Assert.Equal(Titles("It's"), await Books([F("title")], ("where", Obj(("tags", Obj(("len_gt", 0L), ("array_contains", List("x")))))), asc));
        Assert.Equal(Titles("Dune,Emma"), await Books([F("title")], ("where", Obj(("_or", List(W("tags", "len_eq", 0L), W("tags", "array_contains", List("classic")))))), asc));
        var unknown = await Assert.ThrowsAsync<GraphQLErrorException>(() => Books([F("title")], ("where", W("tags", "eq", "x"))));
        Assert.Equal("BAD_USER_INPUT", unknown.Error.Code);
        Assert.Contains("where.tags.eq: unknown operator 'eq'. Allowed on a list: array_contains", unknown.Error.Message, StringComparison.Ordinal);
        var notAList = await Assert.ThrowsAsync<GraphQLErrorException>(() => Books([F("title")], ("where", W("tags", "array_overlaps", "x"))));
        Assert.Contains("expected a list", notAList.Error.Message, StringComparison.Ordinal);
        var badLength = await Assert.ThrowsAsync<GraphQLErrorException>(() => Books([F("title")], ("where", W("tags", "len_eq", "two"))));
        Assert.Contains("expected an integer length", badLength.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JsonScalarArrayLengthAndContainmentOperators()
    {
        var asc = ("orderBy", (object?)Obj(("title", "ASC")));
        Assert.Equal(Titles("Dune"), await Books([F("title")], ("where", W("tagsJson", "array_contains", "scifi")), asc));
        Assert.Equal(Titles("Dune"), await Books([F("title")], ("where", W("tagsJson", "strictly_contains", List("classic"))), asc));
        Assert.Equal(Titles("It's"), await Books([F("title")], ("where", W("tagsJson", "len_eq", 1L)), asc));
        // JSON operands keep their keys as given (a JSON value, not a typed object)
        Assert.Equal(Titles("Emma"), await Books([F("title")], ("where", W("authorJson", "strictly_contains", Obj(("name", "Jane Austen")))), asc));
        Assert.Equal(Titles("Dune"), await Books([F("title")], ("where", W("authorJson", "strictly_contains", Obj(("address", Obj(("city", "Tacoma")))))), asc));
        // the other operators still compare the JSON's text form
        Assert.Equal(Titles("Anonymous"), await Books([F("title")], ("where", W("authorJson", "isnull", true)), asc));
    }

    private static string Titles(string csv) =>
        Json.Normalize(csv.Length == 0 ? "[]" : "[" + string.Join(",", csv.Split(',').Select(t => "{\"title\":\"" + t + "\"}")) + "]");

    [Fact]
    public async Task BooleanAndNullableIntFilters()
    {
        var asc = ("orderBy", (object?)Obj(("title", "ASC")));
        Assert.Equal(Json.Q("[{'title':'Dune'},{'title':'Emma'}]"), await Books([F("title")], ("where", W("published", "eq", true)), asc));
        Assert.Equal(Json.Q("[{'title':'Anonymous'}]"), await Books([F("title")], ("where", W("rating", "eq", null)), asc));
        Assert.Equal(Json.Q("[{'title':'Dune'},{'title':'Emma'},{'title':'It\\u0027s'}]"), await Books([F("title")], ("where", W("rating", "neq", null)), asc));
        Assert.Equal(Json.Q("[{'title':'Emma'},{'title':'It\\u0027s'}]"), await Books([F("title")], ("where", W("rating", "in", List(2L, 4L))), asc));
        Assert.Equal(Json.Q("[{'title':'Dune'}]"), await Books([F("title")], ("where", W("id", "eq", CatalogDatabaseFixture.Dune.ToUpperInvariant())), asc));
    }

    [Fact]
    public async Task OrderByNestedFieldPath()
    {
        var json = await Books([F("title")], ("where", W("published", "eq", true)), ("orderBy", List(Obj(("field", "author.bornYear"), ("direction", "DESC")))));
        Assert.Equal(Json.Q("[{'title':'Dune'},{'title':'Emma'}]"), json);
        json = await Books([F("title")], ("where", W("published", "eq", true)), ("orderBy", List(Obj(("field", "author.bornYear")))));
        Assert.Equal(Json.Q("[{'title':'Emma'},{'title':'Dune'}]"), json);
    }

    [Fact]
    public async Task WideSelectionKeepsEveryFieldInOrder()
    {
        var wide = Enumerable.Range(1, 120).Select(n => F("f" + n)).ToArray();
        var json = await Books([F("wide", wide)], ("where", W("title", "eq", "Dune")));
        var expected = "[{\"wide\":{" + string.Join(",", Enumerable.Range(1, 120).Select(n => $"\"f{n}\":{n}")) + "}}]";
        Assert.Equal(expected, json);
    }

    [Fact]
    public async Task SameFieldUnderTwoAliases()
    {
        var json = await Books([A("a", "title"), A("b", "title"), A("r", "rating")], ("where", W("title", "eq", "Emma")));
        Assert.Equal(Json.Q("[{'a':'Emma','b':'Emma','r':4}]"), json);
    }

    [Fact]
    public async Task ExplicitTextArgumentIsAParameter()
    {
        var db = await Db;
        var json = await db.QueryAsync(CatalogSchema.BookByTitle, F("bookByTitle", F("title"), F("rating")).Args(("title", "It's")));
        Assert.Equal(Json.Q("{'title':'It\\u0027s','rating':2}"), json);
        Assert.Equal("null", await db.QueryAsync(CatalogSchema.BookByTitle, F("bookByTitle", F("title")).Args(("title", "'; DROP TABLE tb_book; --"))));
        Assert.Equal(4L, await db.ScalarAsync<long>("SELECT count(*) FROM tb_book"));
    }

    [Fact]
    public async Task InjectParamsFilterByTheCallersClaim()
    {
        var db = await Db;
        var t1 = new RequestContext { CorrelationId = "c", Principal = "u1", Claims = new Dictionary<string, string> { ["tenant_id"] = "t1" } };
        var field = F("tenantBooks", F("title")).Args(("orderBy", Obj(("title", "ASC"))));
        Assert.Equal(Json.Q("[{'title':'Dune'},{'title':'Emma'}]"), await db.QueryAsync(CatalogSchema.TenantBooks, field, t1));

        var anonymous = await Assert.ThrowsAsync<GraphQLErrorException>(() => db.QueryAsync(CatalogSchema.TenantBooks, field));
        Assert.Equal("UNAUTHENTICATED", anonymous.Error.Code);
        var noClaim = await Assert.ThrowsAsync<GraphQLErrorException>(() =>
            db.QueryAsync(CatalogSchema.TenantBooks, field, new RequestContext { CorrelationId = "c", Principal = "u2" }));
        Assert.Equal("FORBIDDEN", noClaim.Error.Code);
        Assert.Contains("tenant_id", noClaim.Error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task SessionInitializerRunsInTheQueryTransaction(bool batched)
    {
        var db = await Db;
        var options = new FraiseQLPostgresOptions { ConnectionString = db.ConnectionString, PoolMax = 1 };
        // one pooled connection, reused by both calls: a leaked setting would show in the second one
        await using var dataSource = NpgsqlDataSource.Create(PostgresConnectionStrings.Build(options).ConnectionString);
        var executor = new PostgresRootFieldExecutor(dataSource, new SchemaIndex(CatalogSchema.Schema), options,
            NullLogger<PostgresRootFieldExecutor>.Instance, batched ? new BatchedTenantSettingInitializer() : new TenantSettingInitializer());
        var buffer = new ArrayBufferWriter<byte>();
        await executor.ExecuteQueryAsync(CatalogSchema.WhoAmIQuery, F("whoami", F("tenant")),
            new RequestContext { CorrelationId = "c", TenantId = "acme" }, buffer, default);
        Assert.Equal(Json.Q("{'tenant':'acme'}"), Json.Normalize(System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan)));

        // SET LOCAL semantics: the setting did not leak into the pooled connection.
        var second = new ArrayBufferWriter<byte>();
        await executor.ExecuteQueryAsync(CatalogSchema.WhoAmIQuery, F("whoami", F("tenant")),
            new RequestContext { CorrelationId = "d", TenantId = "" }, second, default);
        Assert.DoesNotContain("acme", System.Text.Encoding.UTF8.GetString(second.WrittenSpan), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestTimeoutCancelsTheRunningStatement()
    {
        var db = await Db;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var e = await Assert.ThrowsAsync<GraphQLErrorException>(() =>
            db.QueryAsync(CatalogSchema.SlowBooks, F("slowBooks", F("title")), cancellationToken: timeout.Token));
        Assert.Equal("TIMEOUT", e.Error.Code);
        Assert.Contains("cancelled", e.Error.Message, StringComparison.Ordinal);
        Assert.Equal(0L, await WaitForNoActiveSleepAsync(db));
    }

    [Fact]
    public async Task CancellingTheTokenDoesNotWaitForPostgresToTakeTheCancelRequest()
    {
        // Npgsql sends a cancel request over a new connection, synchronously, inside the token's callback: the thread
        // that cancelled (a timer, or Kestrel noticing the client left) would wait for PostgreSQL to answer it. Here every
        // connection after the first is held back for 2 s by a proxy; cancelling must return at once, and the statement
        // is still cancelled once the cancel request gets through.
        var db = await Db;
        await using var proxy = await DelayingProxy.StartAsync(new NpgsqlConnectionStringBuilder(db.ConnectionString), holdAfterFirst: TimeSpan.FromSeconds(2));
        var options = new FraiseQLPostgresOptions { ConnectionString = proxy.ConnectionString, PoolMax = 1 };
        await using var dataSource = NpgsqlDataSource.Create(PostgresConnectionStrings.Build(options).ConnectionString);
        var executor = new PostgresRootFieldExecutor(dataSource, new SchemaIndex(CatalogSchema.Schema), options, NullLogger<PostgresRootFieldExecutor>.Instance);
        using var caller = new CancellationTokenSource();
        var read = executor.ExecuteQueryAsync(CatalogSchema.SlowBooks, F("slowBooks", F("title")), RequestContext.Anonymous("p"), new ArrayBufferWriter<byte>(), caller.Token).AsTask();
        Assert.Equal(1L, await WaitForActiveSleepAsync(db));

        var cancelling = System.Diagnostics.Stopwatch.StartNew();
        caller.Cancel();
        Assert.True(cancelling.Elapsed < TimeSpan.FromSeconds(1), $"Cancel() took {cancelling.Elapsed}: it waited for the cancel request");

        var e = await Assert.ThrowsAsync<GraphQLErrorException>(() => read.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal("TIMEOUT", e.Error.Code);
        Assert.Equal(0L, await WaitForNoActiveSleepAsync(db));
        Assert.True(proxy.Connections >= 2, "the cancel request did not go through the proxy");
    }

    private static async Task<long> WaitForActiveSleepAsync(SqlTestDatabase db)
    {
        long active = 0;
        for (var i = 0; i < 100 && active == 0; i++)
        {
            active = await db.ScalarAsync<long>(
                "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query LIKE '%v_slow_book%' AND pid <> pg_backend_pid()");
            if (active == 0)
            {
                await Task.Delay(50);
            }
        }
        return active;
    }

    [Fact]
    public async Task CommandTimeoutIsATimeoutError()
    {
        var db = await Db;
        var options = new FraiseQLPostgresOptions { ConnectionString = db.ConnectionString, CommandTimeout = TimeSpan.FromSeconds(1) };
        await using var dataSource = NpgsqlDataSource.Create(PostgresConnectionStrings.Build(options).ConnectionString);
        var executor = new PostgresRootFieldExecutor(dataSource, new SchemaIndex(CatalogSchema.Schema), options, NullLogger<PostgresRootFieldExecutor>.Instance);
        var e = await Assert.ThrowsAsync<GraphQLErrorException>(async () =>
            await executor.ExecuteQueryAsync(CatalogSchema.SlowBooks, F("slowBooks", F("title")), RequestContext.Anonymous("c"), new ArrayBufferWriter<byte>(), default));
        Assert.Equal("TIMEOUT", e.Error.Code);
        Assert.Equal(0L, await WaitForNoActiveSleepAsync(db));
    }

    [Fact]
    public async Task MultiplexedReadIsBoundedByStatementTimeoutAndLeavesTheConnectionWorking()
    {
        var db = await Db;
        var options = new FraiseQLPostgresOptions { ConnectionString = db.ConnectionString, CommandTimeout = TimeSpan.FromSeconds(1), PoolMax = 1 };
        await using var multiplexed = NpgsqlDataSource.Create(MultiplexedReadDataSource.ConnectionString(options));
        var executor = new PostgresRootFieldExecutor(db.DataSource, new SchemaIndex(CatalogSchema.Schema), options,
            NullLogger<PostgresRootFieldExecutor>.Instance, readDataSource: multiplexed);
        // the caller leaves after 100 ms; the statement is not cancelled for it (that would stop whatever the shared
        // session runs) but ends at PostgreSQL's statement_timeout, and the one shared connection keeps serving
        using var gone = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        var started = System.Diagnostics.Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<GraphQLErrorException>(async () =>
            await executor.ExecuteQueryAsync(CatalogSchema.SlowBooks, F("slowBooks", F("title")), RequestContext.Anonymous("m"), new ArrayBufferWriter<byte>(), gone.Token));
        Assert.Equal("TIMEOUT", e.Error.Code);
        Assert.True(started.Elapsed >= TimeSpan.FromMilliseconds(900), $"ended after {started.Elapsed}, before the statement_timeout");
        Assert.Equal(0L, await WaitForNoActiveSleepAsync(db));
        var buffer = new ArrayBufferWriter<byte>();
        await executor.ExecuteQueryAsync(CatalogSchema.Books, F("books", F("title")).Args(("where", W("title", "eq", "Dune"))), RequestContext.Anonymous("m"), buffer, default);
        Assert.Equal(Json.Q("[{'title':'Dune'}]"), Json.Normalize(System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan)));
    }

    private static async Task<long> WaitForNoActiveSleepAsync(SqlTestDatabase db)
    {
        long active = -1;
        for (var i = 0; i < 100; i++)
        {
            active = await db.ScalarAsync<long>(
                "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query LIKE '%v_slow_book%' AND pid <> pg_backend_pid()");
            if (active == 0)
            {
                break;
            }
            await Task.Delay(50);
        }
        return active;
    }

    /// <summary>Sends the setting in the query's batch: one round trip, the batch's implicit transaction.</summary>
    private sealed class BatchedTenantSettingInitializer : ISqlSessionInitializer
    {
        public ValueTask InitializeAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, RequestContext context, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("the executor should use CreateBatchCommand");

        public NpgsqlBatchCommand CreateBatchCommand(RequestContext context) =>
            new("SELECT set_config('app.tenant', $1, true)") { Parameters = { new NpgsqlParameter<string> { TypedValue = context.TenantId ?? "" } } };
    }

    /// <summary>Needs its own round trip: the executor opens an explicit transaction around it and the query.</summary>
    private sealed class TenantSettingInitializer : ISqlSessionInitializer
    {
        public async ValueTask InitializeAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, RequestContext context, CancellationToken cancellationToken)
        {
            await using var command = new NpgsqlCommand("SELECT set_config('app.tenant', $1, true)", connection, transaction);
            command.Parameters.AddWithValue(context.TenantId ?? "");
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
