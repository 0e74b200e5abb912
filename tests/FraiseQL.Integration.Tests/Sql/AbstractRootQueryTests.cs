using FraiseQL.Execution;
using FraiseQL.Integration.Tests.Infrastructure;
using FraiseQL.Schema;
using static FraiseQL.Integration.Tests.Sql.Sel;

namespace FraiseQL.Integration.Tests.Sql;

/// <summary>
/// A root query that returns a union (or an interface) reads one view whose rows name their concrete type in
/// <c>data-&gt;&gt;'__typename'</c>, and each row is projected with the selections that apply to its type, as nested
/// union-typed fields are: <c>__typename</c> answers the concrete type, and a fragment on another type adds nothing.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class AbstractRootQueryTests(ServersFixture servers) : IAsyncLifetime
{
    private const string ViewSql = """
        CREATE VIEW v_catalog_hit AS
        SELECT id, data FROM (
          SELECT 1 AS n, id, data || '{"__typename": "Book"}' AS data FROM v_book WHERE data->>'title' = 'Dune'
          UNION ALL
          SELECT 2, NULL, '{"__typename": "WhoAmI", "tenant": "t9"}'::jsonb
          UNION ALL
          SELECT 3, NULL, '{"__typename": "Stranger", "title": "not in the union"}'::jsonb
        ) hits ORDER BY n;
        """;

    private static readonly QueryDescriptor Hits = new()
    {
        Name = "hits",
        ReturnType = "CatalogHit",
        ReturnsList = true,
        SqlSource = "\"v_catalog_hit\"",
        HasLimit = true,
        HasWhere = true,
        HasOrderBy = true,
    };

    private static readonly QueryDescriptor FirstHit = new()
    {
        Name = "firstHit",
        ReturnType = "CatalogHit",
        Nullable = true,
        SqlSource = "\"v_catalog_hit\"",
    };

    private SqlTestDatabase _db = null!;

    public async Task InitializeAsync()
    {
        var catalog = CatalogSchema.Schema;
        var schema = new SchemaDescriptor
        {
            ServiceName = catalog.ServiceName, Types = catalog.Types, Interfaces = catalog.Interfaces, Enums = catalog.Enums,
            Unions = [.. catalog.Unions, new UnionDescriptor { Name = "CatalogHit", MemberTypes = ["Book", "WhoAmI"] }],
            InputTypes = catalog.InputTypes, Queries = [.. catalog.Queries, Hits, FirstHit], Mutations = catalog.Mutations,
        };
        var dir = Directory.CreateTempSubdirectory("fraiseql-abstract-root-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(dir.FullName, "001_catalog.sql"), CatalogSchema.Migration);
            _db = await SqlTestDatabase.CreateAsync(servers.Postgres, schema, dir.FullName, extraSql: ViewSql);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
        await _db.ExecuteAsync($"INSERT INTO tb_book (id, tenant_id, title, rating) VALUES ('{CatalogDatabaseFixture.Dune}', 't1', 'Dune', 5)");
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private static readonly FieldSelection[] Selections = [F("__typename"), On("Book", "title"), On("Book", "rating"), On("WhoAmI", "tenant")];

    [Fact]
    public async Task Each_row_of_a_union_list_is_projected_as_its_concrete_type()
    {
        var json = await _db.QueryAsync(Hits, F("hits", Selections));

        Assert.Equal(Json.Q("[{'__typename':'Book','title':'Dune','rating':5},{'__typename':'WhoAmI','tenant':'t9'},null]"), json);
    }

    [Fact]
    public async Task A_single_union_result_is_projected_as_its_concrete_type()
    {
        var json = await _db.QueryAsync(FirstHit, F("firstHit", Selections));

        Assert.Equal(Json.Q("{'__typename':'Book','title':'Dune','rating':5}"), json);
    }

    [Fact]
    public async Task Where_and_order_by_over_a_union_are_refused_with_a_located_error()
    {
        var where = await Assert.ThrowsAsync<GraphQLErrorException>(() =>
            _db.QueryAsync(Hits, F("hits", Selections).Args(("where", Obj(("title", Obj(("eq", "Dune"))))))));
        var orderBy = await Assert.ThrowsAsync<GraphQLErrorException>(() =>
            _db.QueryAsync(Hits, F("hits", Selections).Args(("orderBy", List(Obj(("field", "title"), ("direction", "ASC")))))));
        foreach (var error in new[] { where, orderBy })
        {
            Assert.Equal("BAD_USER_INPUT", error.Error.Code);
            Assert.Contains("CatalogHit", error.Error.Message, StringComparison.Ordinal);
        }
    }
}
