namespace FraiseQL.Generators.Tests.Infrastructure;

/// <summary>The schemas the snapshot and compile tests run over. The seed's four services are read from
/// example-services/ in place so the snapshots follow them.</summary>
public static class SnapshotSchemas
{
    public const int LargeTypeCount = 210;

    public static readonly string[] Names =
    [
        "order-service", "inventory-service", "notification-service", "analytics-service", "all-features", "large",
    ];

    public static TheoryData<string> All()
    {
        var data = new TheoryData<string>();
        foreach (var n in Names)
        {
            data.Add(n);
        }
        return data;
    }

    /// <summary>AdditionalFiles for a named schema (schema.json and fraiseql.toml when present).</summary>
    public static (string Path, string Text)[] Files(string name)
    {
        if (name == "large")
        {
            var (schema, toml) = SyntheticSchema.Generate(LargeTypeCount);
            return [("/synthetic/large/schema.json", schema), ("/synthetic/large/fraiseql.toml", toml)];
        }
        var dir = name.EndsWith("-service", StringComparison.Ordinal)
            ? RepositoryPaths.ExampleService(name)
            : Path.Combine(RepositoryPaths.Schemas, name);
        var files = new List<(string, string)>();
        foreach (var file in new[] { "schema.json", "fraiseql.toml" })
        {
            var path = Path.Combine(dir, file);
            if (File.Exists(path))
            {
                files.Add((path, File.ReadAllText(path)));
            }
        }
        return [.. files];
    }
}
