using FraiseQL.Execution;
using FraiseQL.Integration.Tests.Infrastructure;
using FraiseQL.Schema;
using static FraiseQL.Integration.Tests.Sql.Sel;

namespace FraiseQL.Integration.Tests.Sql;

/// <summary>
/// The projection on JSONB that does not match the schema: strings that need escaping, numbers and objects in
/// String/ID fields (read as JSON strings, like <c>-&gt;&gt;</c>), missing keys, a list field that is not an array,
/// list items that are not objects, an object field that is not an object, enum storage values with and without a
/// mapping, JSON values kept as they are, masked fields and <c>__typename</c>. Each row's expected JSON is what the
/// GraphQL result must be, whatever SQL builds it.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class ProjectionShapeTests(ServersFixture servers)
{
    private const string Migration = """
        CREATE TABLE tb_doc (n int PRIMARY KEY, data jsonb NOT NULL);
        CREATE VIEW v_doc AS SELECT n, data FROM tb_doc;
        INSERT INTO tb_doc VALUES
          (1, '{"name": "quote \" backslash \\ newline \n tab \t é 😀 </script>", "code": 42, "kind": "in_stock", "count": 3,
                "meta": {"a": [1, {"b": null}], "s": "x"}, "child": {"label": "x", "extra": 1},
                "children": [{"label": "a"}, 5, null, {"label": null}, {"other": 1}], "labels": ["p", null]}'),
          (2, '{"name": 17, "kind": "unknown_value", "count": null, "child": [1], "children": "not an array"}'),
          (3, '{"name": {"nested": true}, "code": "c-3", "kind": "sold_out", "children": [], "labels": []}');
        """;

    private static readonly ObjectTypeDescriptor Doc = new()
    {
        Name = "Doc",
        Fields =
        [
            new FieldDescriptor { Name = "name", StorageKey = "name", Type = "String" },
            new FieldDescriptor { Name = "code", StorageKey = "code", Type = "ID" },
            new FieldDescriptor { Name = "kind", StorageKey = "kind", Type = "Kind" },
            new FieldDescriptor { Name = "count", StorageKey = "count", Type = "Int" },
            new FieldDescriptor { Name = "meta", StorageKey = "meta", Type = "JSON" },
            new FieldDescriptor { Name = "child", StorageKey = "child", Type = "Child" },
            new FieldDescriptor { Name = "children", StorageKey = "children", Type = "[Child]" },
            new FieldDescriptor { Name = "labels", StorageKey = "labels", Type = "[String]" },
        ],
    };

    private static readonly ObjectTypeDescriptor Child = new()
    {
        Name = "Child",
        Fields = [new FieldDescriptor { Name = "label", StorageKey = "label", Type = "String" }],
    };

    private static readonly QueryDescriptor Docs = new()
    {
        Name = "docs",
        ReturnType = "Doc",
        ReturnsList = true,
        SqlSource = "\"v_doc\"",
        HasOrderBy = true,
    };

    private static readonly SchemaDescriptor Schema = new()
    {
        ServiceName = "projection-test",
        Types = [Doc, Child],
        Enums =
        [
            new EnumDescriptor
            {
                Name = "Kind",
                Values =
                [
                    new EnumValueDescriptor { Name = "IN_STOCK", StorageValue = "in_stock" },
                    new EnumValueDescriptor { Name = "SOLD_OUT", StorageValue = "sold_out" },
                ],
            },
        ],
        Queries = [Docs],
    };

    /// <summary>Runs <paramref name="test"/> on a new database with the three rows above, dropped afterwards.</summary>
    private async Task<T> WithDatabaseAsync<T>(Func<SqlTestDatabase, Task<T>> test)
    {
        var dir = Directory.CreateTempSubdirectory("fraiseql-projection-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(dir.FullName, "001_doc.sql"), Migration);
            await using var db = await SqlTestDatabase.CreateAsync(servers.Postgres, Schema, dir.FullName);
            return await test(db);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    // no ORDER BY: a freshly filled table is read in insertion order
    private Task<string> QueryAsync(params FieldSelection[] selections) =>
        WithDatabaseAsync(db => db.QueryAsync(Docs, F("docs", selections)));

    [Fact]
    public async Task ValuesThatDoNotMatchTheSchemaReadLikeTheSchemaSays()
    {
        var json = await QueryAsync(
            F("__typename"), F("name"), F("code"), F("kind"), F("count"), F("meta"), F("child", F("label")),
            F("children", F("label"), F("__typename")), F("labels"),
            new FieldSelection { ResponseName = "hidden", FieldName = "name", Masked = true });

        Assert.Equal(Json.Normalize("""
            [{"__typename":"Doc","name":"quote \" backslash \\ newline \n tab \t é 😀 </script>","code":"42","kind":"IN_STOCK","count":3,
              "meta":{"a":[1,{"b":null}],"s":"x"},"child":{"label":"x"},
              "children":[{"label":"a","__typename":"Child"},null,null,{"label":null,"__typename":"Child"},{"label":null,"__typename":"Child"}],
              "labels":["p",null],"hidden":null},
             {"__typename":"Doc","name":"17","code":null,"kind":"unknown_value","count":null,"meta":null,"child":null,
              "children":null,"labels":null,"hidden":null},
             {"__typename":"Doc","name":"{\"nested\": true}","code":"c-3","kind":"SOLD_OUT","count":null,"meta":null,"child":null,
              "children":[],"labels":[],"hidden":null}]
            """), json);
    }

    [Fact]
    public async Task AnEmptyResultIsAnEmptyList()
    {
        var json = await WithDatabaseAsync(async db =>
        {
            await db.ExecuteAsync("DELETE FROM tb_doc");
            return await db.QueryAsync(Docs, F("docs", F("name")));
        });
        Assert.Equal("[]", json);
    }
}
