using System.Globalization;
using System.Text.Json;
using FraiseQL.Integration.Tests.Infrastructure;
using FraiseQL.Schema;
using static FraiseQL.Integration.Tests.Sql.Sel;

namespace FraiseQL.Integration.Tests.Sql;

/// <summary>
/// A list query's <c>where</c> and paging against reference models. <c>where</c> (<see cref="WhereModel"/>): random filters over every leaf kind (text with
/// wildcards, quotes, backslashes and case variants; Int, Float, Decimal with negatives and bounds; Boolean; DateTime
/// in several offsets; Date; UUID in both cases; a nested object that is null, missing or has null fields), with
/// and/or/not nested three deep, run through the executor on PostgreSQL; the ids it returns must be exactly the rows
/// the model selects. A disagreement names the filter and the rows. Paging (<see cref="OrderModel"/>): for random
/// <c>orderBy</c> keys, consecutive <c>limit</c>/<c>offset</c> pages must together list every row once, in the
/// model's order (typed, NULLs last ascending and first descending, ties by id); a Relay connection over the same
/// rows, paged forward with first/after and backward with last/before, likewise, with its totalCount. Random list
/// queries asked twice of a cached twin must answer as the uncached query does (result-cache keys).
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class ListQueryModelTests(ServersFixture servers) : IAsyncLifetime
{
    private const int Filters = 500;
    private const int Rows = 40;

    private static readonly Dictionary<string, (string Key, string Type)> Fields = new()
    {
        ["id"] = ("id", "UUID"),
        ["name"] = ("name", "String"),
        ["score"] = ("score", "Int"),
        ["weight"] = ("weight", "Decimal"),
        ["ratio"] = ("ratio", "Float"),
        ["active"] = ("active", "Boolean"),
        ["seenAt"] = ("seen_at", "DateTime"),
        ["day"] = ("day", "Date"),
        ["owner"] = ("owner", "Owner"),
        ["tags"] = ("tags", "[String!]"),
    };

    private static readonly Dictionary<string, IReadOnlyDictionary<string, (string Key, string Type)>> Objects = new()
    {
        ["Owner"] = new Dictionary<string, (string Key, string Type)> { ["name"] = ("name", "String"), ["level"] = ("level", "Int") },
    };

    private static readonly ObjectTypeDescriptor Specimen = new()
    {
        Name = "Specimen",
        Fields = [.. Fields.Select(f => new FieldDescriptor { Name = f.Key, StorageKey = f.Value.Key, Type = f.Key == "id" ? "UUID!" : f.Value.Type })],
    };

    /// <summary>The same rows as a type whose id is a plain String: no native id column to break ties with.</summary>
    private static readonly ObjectTypeDescriptor Sample = new()
    {
        Name = "Sample",
        Fields = [.. Fields.Select(f => new FieldDescriptor { Name = f.Key, StorageKey = f.Value.Key, Type = f.Key == "id" ? "String!" : f.Value.Type })],
    };

    private static readonly ObjectTypeDescriptor Owner = new()
    {
        Name = "Owner",
        Fields = [.. Objects["Owner"].Select(f => new FieldDescriptor { Name = f.Key, StorageKey = f.Value.Key, Type = f.Value.Type })],
    };

    private static readonly QueryDescriptor Specimens = new()
    {
        Name = "specimens",
        ReturnType = "Specimen",
        ReturnsList = true,
        SqlSource = "\"v_specimen\"",
        HasWhere = true,
        HasOrderBy = true,
        HasLimit = true,
        HasOffset = true,
    };

    private static readonly QueryDescriptor Samples = new()
    {
        Name = "samples",
        ReturnType = "Sample",
        ReturnsList = true,
        SqlSource = "\"v_specimen\"",
        HasOrderBy = true,
        HasLimit = true,
        HasOffset = true,
    };

    /// <summary>The same rows as a Relay connection over the view's pk_specimen.</summary>
    private static readonly QueryDescriptor SpecimenPages = new()
    {
        Name = "specimenPages",
        ReturnType = "SpecimenConnection",
        Arguments =
        [
            new ArgumentDescriptor { Name = "first", StorageKey = "first", Type = "Int" },
            new ArgumentDescriptor { Name = "after", StorageKey = "after", Type = "String" },
            new ArgumentDescriptor { Name = "last", StorageKey = "last", Type = "Int" },
            new ArgumentDescriptor { Name = "before", StorageKey = "before", Type = "String" },
        ],
        SqlSource = "\"v_specimen\"",
        HasWhere = true,
        HasOrderBy = true,
        Relay = new RelayDescriptor { Entity = "Specimen", CursorColumn = "\"pk_specimen\"", CursorType = "int64" },
    };

    /// <summary>The list query again, its results cached (and so answered from memory when asked again).</summary>
    private static readonly QueryDescriptor CachedSpecimens = new()
    {
        Name = "cachedSpecimens",
        ReturnType = "Specimen",
        ReturnsList = true,
        SqlSource = "\"v_specimen\"",
        HasWhere = true,
        HasOrderBy = true,
        HasLimit = true,
        HasOffset = true,
        CacheTtlSeconds = 600,
    };

    private static readonly ObjectTypeDescriptor[] ConnectionTypes =
    [
        Embedded("PageInfo", ("hasNextPage", "Boolean!"), ("hasPreviousPage", "Boolean!"), ("startCursor", "String"), ("endCursor", "String")),
        Embedded("SpecimenEdge", ("cursor", "String!"), ("node", "Specimen!")),
        Embedded("SpecimenConnection", ("edges", "[SpecimenEdge!]!"), ("pageInfo", "PageInfo!"), ("totalCount", "Int!")),
    ];

    private static ObjectTypeDescriptor Embedded(string name, params (string Name, string Type)[] fields) => new()
    {
        Name = name,
        Embedded = true,
        Fields = [.. fields.Select(f => new FieldDescriptor { Name = f.Name, StorageKey = f.Name, Type = f.Type })],
    };

    private static readonly SchemaDescriptor Schema = new()
    {
        ServiceName = "list-query-model-test",
        Types = [Specimen, Sample, Owner, .. ConnectionTypes],
        InputTypes = [.. DerivedInputs.LeafFilters(), .. DerivedInputs.For(Specimen), .. DerivedInputs.For(Sample), .. DerivedInputs.For(Owner)],
        Queries = [Specimens, Samples, CachedSpecimens, SpecimenPages],
    };

    // the values rows are made of (an index past the end: null, or the key left out)
    private static readonly string[] Names = ["alpha", "Alpha", "ALPHA", "béta", "50%", "a_b", "back\\slash", "", "zeta", "Ωmega", "it's", "photo", "a.b", "1st"];
    private static readonly long[] Scores = [-3, 0, 1, 7, 42, 2147483647, -100];
    private static readonly string[] Weights = ["-2.25", "0", "1.5", "10", "100.001", "1.50"];
    private static readonly string[] Ratios = ["0.1", "-1.5", "3.0", "2.5e-3"];
    private static readonly string[] SeenAts = ["2024-01-01T00:00:00Z", "2024-06-30T12:30:00+02:00", "2023-12-31T23:59:59.5Z", "2025-01-01T00:00:00+05:00"];
    private static readonly string[] Days = ["2024-01-01", "2023-12-31", "2024-02-29"];
    private static readonly string[][] Tags = [["a", "b"], [], ["b"], ["a", "a", "c"], ["Ωmega"], ["c", "z", "b"]];
    private static readonly string[] TagOperands = ["a", "b", "c", "z", "A"];

    // the operands filters use
    // "a,b" and "null" beside "a", "b" and "": a cache key that joined values naively would confuse them
    private static readonly string[] TextOperands = ["alpha", "Alpha", "béta", "50%", "a_b", "back\\slash", "", "zeta", "it's", "a", "A", "%", "_", "\\", "ph", "z", "a,b", "b", "null"];
    private static readonly string[] LikePatterns = ["a%", "%a", "%\\%%", "_lpha", "%", "", "a\\_b", "%'%", "A%", "%\\\\%", "_", "%.%"];
    private static readonly string[] RegexPatterns = ["^a", "a$", "[0-9]", "ph", "^$", "ta$", "^[A-Z]", "\\."];
    private static readonly long[] IntOperands = [-3, 0, 1, 7, 42, 2147483647, 100, -101];
    private static readonly decimal[] DecimalOperands = [-2.25m, 0m, 1.5m, 10m, 100.001m, 100.0010m];
    private static readonly double[] FloatOperands = [0.1, -1.5, 3.0, 2.5e-3, 1e-7];
    private static readonly string[] DateTimeOperands = ["2024-01-01T00:00:00Z", "2024-06-30T10:30:00Z", "2023-12-31T23:59:59Z", "2024-12-31T19:00:00Z", "2024-01-01T01:00:00+01:00"];
    private static readonly string[] DateOperands = ["2024-01-01", "2023-12-31", "2024-02-29", "2025-01-01"];

    private readonly List<(string Id, JsonElement Data)> _rows = [];
    private SqlTestDatabase _db = null!;

    public async Task InitializeAsync()
    {
        _db = await SqlTestDatabase.CreateAsync(servers.Postgres, Schema, migrations: null, extraSql: """
            CREATE TABLE tb_specimen (pk_specimen bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, id uuid NOT NULL UNIQUE, data jsonb NOT NULL);
            CREATE VIEW v_specimen AS SELECT pk_specimen, id, data FROM tb_specimen;
            """);
        var values = new List<string>();
        for (var i = 0; i < Rows; i++)
        {
            var id = RowId(i, upper: false);
            var data = new Dictionary<string, object?> { ["id"] = id };
            Put(data, "name", i * 5 + 1, Names, v => v);
            Put(data, "score", i * 4 + 2, Scores, v => v);
            Put(data, "weight", i * 7 + 3, Weights, v => JsonDocument.Parse(v).RootElement);
            Put(data, "ratio", i * 11 + 1, Ratios, v => JsonDocument.Parse(v).RootElement);
            Put(data, "active", i, [true, false], v => v);
            Put(data, "seen_at", i * 5 + 1, SeenAts, v => v);
            Put(data, "day", i * 3 + 2, Days, v => v);
            Put(data, "tags", i * 3 + 1, Tags, v => v);
            if (i % 6 != 0)
            {
                var owner = new Dictionary<string, object?>();
                Put(owner, "name", i * 3, Names, v => v);
                Put(owner, "level", i * 5, Scores, v => v);
                data["owner"] = owner;
            }
            else if (i % 12 == 0)
            {
                data["owner"] = null;
            }
            var json = JsonSerializer.Serialize(data);
            _rows.Add((id, JsonDocument.Parse(json).RootElement));
            values.Add($"('{id}', '{json.Replace("'", "''", StringComparison.Ordinal)}')");
        }
        await _db.ExecuteAsync("INSERT INTO tb_specimen (id, data) VALUES " + string.Join(", ", values));
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    /// <summary>
    /// Index i into values; the two indexes past the end store null and leave the key out. Callers step i by a number
    /// coprime to values.Length + 2, so every value occurs.
    /// </summary>
    private static void Put<T>(Dictionary<string, object?> data, string key, int i, T[] values, Func<T, object?> json)
    {
        var at = i % (values.Length + 2);
        if (at < values.Length)
        {
            data[key] = json(values[at]);
        }
        else if (at == values.Length)
        {
            data[key] = null;
        }
    }

    [Theory]
    [InlineData(20261207)]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Random_filters_return_exactly_the_rows_the_model_selects(int seed)
    {
        var random = new Random(seed);
        var failures = new List<string>();
        var nonEmpty = 0;
        for (var n = 0; n < Filters; n++)
        {
            var where = Filter(random, Fields, depth: 0);
            var json = await _db.QueryAsync(Specimens, F("specimens", F("id")).Args(("where", where), ("limit", 1000L)));
            var actual = JsonDocument.Parse(json).RootElement.EnumerateArray().Select(e => e.GetProperty("id").GetString()!).Order(StringComparer.Ordinal).ToList();
            var expected = _rows.Where(r => WhereModel.Evaluate(where, r.Data, Fields, Objects) == true).Select(r => r.Id).Order(StringComparer.Ordinal).ToList();
            if (expected.Count > 0)
            {
                nonEmpty++;
            }
            if (!actual.SequenceEqual(expected))
            {
                var extra = actual.Except(expected).Select(Row).Take(3);
                var missing = expected.Except(actual).Select(Row).Take(3);
                failures.Add($"where {JsonSerializer.Serialize(where)}: returned but not selected [{string.Join(", ", extra)}]; selected but not returned [{string.Join(", ", missing)}]");
            }
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {Filters} filters disagree with the model:\n" + string.Join("\n", failures.Take(8)));
        Assert.True(nonEmpty > Filters / 4, $"only {nonEmpty} of {Filters} filters selected any row: the filters test too little");
    }

    [Theory]
    [InlineData(7)]
    [InlineData(8)]
    public async Task Offset_pages_list_every_row_once_in_the_models_order(int seed)
    {
        var random = new Random(seed);
        var failures = new List<string>();
        for (var n = 0; n < 40; n++)
        {
            var (keys, orderBy) = RandomOrder(random);
            var size = random.Next(3, 9);
            var paged = await OffsetPagesAsync(Specimens, orderBy, size);
            var expected = InModelOrder(_rows, keys);
            if (!paged.SequenceEqual(expected))
            {
                failures.Add($"orderBy [{Describe(keys)}] in pages of {size}: {paged.Count} ids ({paged.Distinct().Count()} distinct), first difference at {paged.Zip(expected).TakeWhile(p => p.First == p.Second).Count()}");
            }
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of 40 orders paged wrongly:\n" + string.Join("\n", failures.Take(8)));
    }

    /// <summary>
    /// A type without a native id: rows that tie on the requested keys are ordered by their whole JSON, so offset pages
    /// still list every row once, in the keys' order (the model cannot say in which order tied rows come).
    /// </summary>
    [Theory]
    [InlineData(9)]
    [InlineData(10)]
    public async Task Offset_pages_of_a_type_without_a_native_id_list_every_row_once_in_the_keys_order(int seed)
    {
        var random = new Random(seed);
        var failures = new List<string>();
        var ordered = 0;
        while (ordered < 40)
        {
            var (keys, orderBy) = RandomOrder(random);
            if (keys.Count == 0)
            {
                continue; // without orderBy (and no id) the list is a sample, not a sequence
            }
            ordered++;
            var size = random.Next(3, 9);
            var paged = await OffsetPagesAsync(Samples, orderBy, size);
            var label = $"orderBy [{Describe(keys)}] in pages of {size}";
            if (!paged.Order(StringComparer.Ordinal).SequenceEqual(_rows.Select(r => r.Id).Order(StringComparer.Ordinal)))
            {
                failures.Add($"{label}: {paged.Count} ids ({paged.Distinct().Count()} distinct) for {Rows} rows");
                continue;
            }
            var data = paged.Select(DataOf).ToList();
            var unordered = Enumerable.Range(1, data.Count - 1).FirstOrDefault(i => OrderModel.Compare(data[i - 1], data[i], keys, Fields, Objects, tiesById: false) > 0);
            if (unordered > 0)
            {
                failures.Add($"{label}: row {unordered} sorts before row {unordered - 1}");
            }
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of 40 orders paged wrongly:\n" + string.Join("\n", failures.Take(8)));
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    public async Task Cursor_pages_forward_and_backward_list_every_row_once_in_the_models_order(int seed)
    {
        var random = new Random(seed);
        var failures = new List<string>();
        for (var n = 0; n < 30; n++)
        {
            var (keys, orderBy) = RandomOrder(random);
            var where = random.Next(3) == 0 ? Filter(random, Fields, depth: 1) : null;
            var size = (long)random.Next(1, 9);
            // rows are inserted in id order, so pk_specimen (the connection's tie-breaker) orders ties as the model's id does
            var expected = InModelOrder(_rows.Where(r => where is null || WhereModel.Evaluate(where, r.Data, Fields, Objects) == true), keys);
            var label = $"orderBy [{Describe(keys)}], where {JsonSerializer.Serialize(where)}, pages of {size}";

            var forward = new List<string>();
            string? cursor = null;
            for (var page = 0; page <= Rows; page++)
            {
                var connection = await Connection(where, orderBy, ("first", size), ("after", cursor));
                forward.AddRange(Nodes(connection));
                var info = connection.GetProperty("pageInfo");
                if (connection.GetProperty("totalCount").GetInt32() != expected.Count)
                {
                    failures.Add($"{label}: totalCount {connection.GetProperty("totalCount").GetInt32()}, expected {expected.Count}");
                }
                if (page > 0 && !info.GetProperty("hasPreviousPage").GetBoolean() && Nodes(connection).Count > 0)
                {
                    failures.Add($"{label}: forward page {page} says nothing precedes it");
                }
                if (!info.GetProperty("hasNextPage").GetBoolean())
                {
                    break;
                }
                cursor = info.GetProperty("endCursor").GetString();
            }
            if (!forward.SequenceEqual(expected))
            {
                failures.Add($"{label}: forward {forward.Count} ids ({forward.Distinct().Count()} distinct) of {expected.Count}, first difference at {forward.Zip(expected).TakeWhile(p => p.First == p.Second).Count()}");
            }

            var backward = new List<string>();
            cursor = null;
            for (var page = 0; page <= Rows; page++)
            {
                var connection = await Connection(where, orderBy, ("last", size), ("before", cursor));
                backward.InsertRange(0, Nodes(connection));
                var info = connection.GetProperty("pageInfo");
                if (!info.GetProperty("hasPreviousPage").GetBoolean())
                {
                    break;
                }
                cursor = info.GetProperty("startCursor").GetString();
            }
            if (!backward.SequenceEqual(expected))
            {
                failures.Add($"{label}: backward {backward.Count} ids ({backward.Distinct().Count()} distinct) of {expected.Count}, first difference at {backward.Zip(expected).TakeWhile(p => p.First == p.Second).Count()}");
            }
        }
        Assert.True(failures.Count == 0, $"{failures.Count} connection pagings disagree with the model:\n" + string.Join("\n", failures.Take(8)));
    }

    [Fact]
    public async Task Cached_answers_equal_uncached_ones_for_random_queries()
    {
        var random = new Random(31);
        var requests = Enumerable.Range(0, 300).Select(_ =>
        {
            var args = new List<(string Name, object? Value)>();
            if (random.Next(4) > 0)
            {
                args.Add(("where", Filter(random, Fields, depth: 1)));
            }
            if (RandomOrder(random).OrderBy is { } orderBy)
            {
                args.Add(("orderBy", orderBy));
            }
            if (random.Next(2) == 0)
            {
                args.Add(("limit", (long)random.Next(1, 12)));
                args.Add(("offset", (long)random.Next(0, 10)));
            }
            return args.ToArray();
        }).ToList();
        var failures = new List<string>();
        // the second pass, in another order, is answered from the cache
        foreach (var pass in new[] { requests, [.. requests.OrderBy(_ => random.Next())] })
        {
            foreach (var args in pass)
            {
                var cached = await _db.QueryAsync(CachedSpecimens, F("cachedSpecimens", F("id"), F("name")).Args(args));
                var fresh = await _db.QueryAsync(Specimens, F("specimens", F("id"), F("name")).Args(args));
                if (cached != fresh)
                {
                    failures.Add($"{string.Join(", ", args.Select(a => a.Name + ": " + JsonSerializer.Serialize(a.Value)))}: cached {cached}, uncached {fresh}");
                }
            }
        }
        Assert.True(_db.Executor.CachedResultCount > requests.Count / 2, $"only {_db.Executor.CachedResultCount} results cached");
        Assert.True(failures.Count == 0, $"{failures.Count} cached answers differ:\n" + string.Join("\n", failures.Take(5)));
    }

    /// <summary>The ids of <paramref name="rows"/> in the model's order for <paramref name="keys"/> (ties by id).</summary>
    private static List<string> InModelOrder(IEnumerable<(string Id, JsonElement Data)> rows, List<(string Path, bool Descending)> keys) =>
        [.. rows.Order(Comparer<(string Id, JsonElement Data)>.Create((a, b) => OrderModel.Compare(a.Data, b.Data, keys, Fields, Objects))).Select(r => r.Id)];

    /// <summary><c>name ASC, owner.level DESC</c>: the keys, for a failure message.</summary>
    private static string Describe(List<(string Path, bool Descending)> keys) =>
        string.Join(", ", keys.Select(k => k.Path + (k.Descending ? " DESC" : " ASC")));

    /// <summary>The ids of every row, read in consecutive limit/offset pages of <paramref name="size"/> (one page past the end).</summary>
    private async Task<List<string>> OffsetPagesAsync(QueryDescriptor query, object? orderBy, int size)
    {
        var paged = new List<string>();
        for (var offset = 0L; offset < Rows + size; offset += size)
        {
            var json = await _db.QueryAsync(query, F(query.Name, F("id")).Args(("orderBy", orderBy), ("limit", (long)size), ("offset", offset)));
            paged.AddRange(JsonDocument.Parse(json).RootElement.EnumerateArray().Select(e => e.GetProperty("id").GetString()!));
        }
        return paged;
    }

    /// <summary>No orderBy at all, or one to three keys over the sortable fields, nested ones and the id included.</summary>
    private static (List<(string Path, bool Descending)> Keys, object? OrderBy) RandomOrder(Random random)
    {
        string[] sortable = ["name", "score", "weight", "ratio", "active", "seenAt", "day", "owner.name", "owner.level", "id"];
        var keys = Enumerable.Range(0, random.Next(0, 4)).Select(_ => (Path: sortable[random.Next(sortable.Length)], Descending: random.Next(2) == 0))
            .DistinctBy(k => k.Path).ToList();
        return (keys, keys.Count == 0 ? null : keys.Select(k => (object?)Obj(("field", k.Path), ("direction", k.Descending ? "DESC" : "ASC"))).ToList());
    }

    private async Task<JsonElement> Connection(IReadOnlyDictionary<string, object?>? where, object? orderBy, params (string Name, object? Value)[] paging)
    {
        var field = F("specimenPages", F("totalCount"), F("edges", F("cursor"), F("node", F("id"))), F("pageInfo", F("hasNextPage"), F("hasPreviousPage"), F("startCursor"), F("endCursor")))
            .Args([.. paging.Where(p => p.Value is not null), ("where", where), ("orderBy", orderBy)]);
        return JsonDocument.Parse(await _db.QueryAsync(SpecimenPages, field)).RootElement;
    }

    private static List<string> Nodes(JsonElement connection) =>
        [.. connection.GetProperty("edges").EnumerateArray().Select(e => e.GetProperty("node").GetProperty("id").GetString()!)];

    private string Row(string id) => DataOf(id).GetRawText();

    private JsonElement DataOf(string id) => _rows.First(r => r.Id == id).Data;

    private static IReadOnlyDictionary<string, object?> Filter(Random random, IReadOnlyDictionary<string, (string Key, string Type)> fields, int depth)
    {
        var result = new Dictionary<string, object?>();
        var entries = random.Next(1, 3);
        for (var e = 0; e < entries; e++)
        {
            var roll = random.Next(100);
            if (depth < 3 && roll < 10)
            {
                result["_and"] = Enumerable.Range(0, random.Next(0, 3)).Select(_ => (object?)Filter(random, fields, depth + 1)).ToList();
            }
            else if (depth < 3 && roll < 25)
            {
                result["_or"] = Enumerable.Range(0, random.Next(0, 4)).Select(_ => (object?)Filter(random, fields, depth + 1)).ToList();
            }
            else if (depth < 3 && roll < 40)
            {
                result["_not"] = Filter(random, fields, depth + 1);
            }
            else
            {
                var (name, field) = fields.ElementAt(random.Next(fields.Count));
                result[name] = Objects.TryGetValue(field.Type, out var nested)
                    ? Filter(random, nested, depth + 1)
                    : Operators(random, field.Type);
            }
        }
        return result;
    }

    private static Dictionary<string, object?> Operators(Random random, string type)
    {
        if (type.StartsWith('['))
        {
            return ListOperators(random);
        }
        string[] ops = type == "String"
            ? ["eq", "neq", "gt", "gte", "lt", "lte", "in", "nin", "isnull", "is_not_null", "contains", "icontains", "startswith", "istartswith",
               "endswith", "iendswith", "like", "ilike", "nlike", "nilike", "regex", "iregex", "nregex", "niregex"]
            : ["eq", "neq", "gt", "gte", "lt", "lte", "in", "nin", "isnull", "is_not_null"];
        var result = new Dictionary<string, object?>();
        for (var i = random.Next(1, 3); i > 0; i--)
        {
            var op = ops[random.Next(ops.Length)];
            result[op] = op switch
            {
                "isnull" or "is_not_null" => random.Next(2) == 0,
                "in" or "nin" => Enumerable.Range(0, random.Next(0, 4)).Select(_ => Operand(random, type)).ToList(),
                "like" or "ilike" or "nlike" or "nilike" => LikePatterns[random.Next(LikePatterns.Length)],
                "regex" or "iregex" or "nregex" or "niregex" => RegexPatterns[random.Next(RegexPatterns.Length)],
                "contains" or "icontains" or "startswith" or "istartswith" or "endswith" or "iendswith" => TextOperands[random.Next(TextOperands.Length)],
                "eq" or "neq" when random.Next(8) == 0 => null,
                _ => Operand(random, type),
            };
        }
        return result;
    }

    private static Dictionary<string, object?> ListOperators(Random random)
    {
        string[] ops = ["array_contains", "array_contained_by", "array_overlaps", "len_eq", "len_neq", "len_gt", "len_gte", "len_lt", "len_lte", "isnull", "is_not_null"];
        var result = new Dictionary<string, object?>();
        for (var i = random.Next(1, 3); i > 0; i--)
        {
            var op = ops[random.Next(ops.Length)];
            result[op] = op switch
            {
                "isnull" or "is_not_null" => random.Next(2) == 0,
                _ when op.StartsWith("len_", StringComparison.Ordinal) => (long)random.Next(0, 4),
                _ => Enumerable.Range(0, random.Next(0, 4)).Select(_ => (object?)TagOperands[random.Next(TagOperands.Length)]).ToList(),
            };
        }
        return result;
    }

    private static object? Operand(Random random, string type) => type switch
    {
        "Int" => IntOperands[random.Next(IntOperands.Length)],
        "Decimal" => DecimalOperands[random.Next(DecimalOperands.Length)],
        "Float" => FloatOperands[random.Next(FloatOperands.Length)],
        "Boolean" => random.Next(2) == 0,
        "DateTime" => DateTimeOperands[random.Next(DateTimeOperands.Length)],
        "Date" => DateOperands[random.Next(DateOperands.Length)],
        // a row's id, lower or upper case, or one no row has
        "UUID" => random.Next(4) == 0 ? new Guid(random.Next(1, 41), 0, 0, new byte[8]).ToString("D") : RowId(random.Next(Rows), upper: random.Next(2) == 0),
        _ => TextOperands[random.Next(TextOperands.Length)],
    };

    private static string RowId(int i, bool upper)
    {
        var id = new Guid(i + 1, (short)(i * 7), (short)(i * 13), [0xa0, 0xb1, (byte)i, 4, 5, 6, 7, (byte)(255 - i)]).ToString("D");
        return upper ? id.ToUpperInvariant() : id;
    }
}
