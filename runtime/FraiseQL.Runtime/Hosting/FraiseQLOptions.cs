using FraiseQL.GraphQL;

namespace FraiseQL.Hosting;

/// <summary>
/// Runtime options. Sources, later wins: defaults → fraiseql.toml (<c>[validation]</c>, <c>[server]</c>)
/// → configuration section <c>FraiseQL</c> (e.g. <c>FraiseQL:ConfigPath</c>, <c>FraiseQL:Limits:MaxDepth</c>,
/// <c>FraiseQL:EnableGraphiQL</c>) → the <c>configure</c> delegate of <c>AddFraiseQL</c>.
/// </summary>
public sealed class FraiseQLOptions
{
    /// <summary>Path of fraiseql.toml (relative to the content root). Default "fraiseql.toml"; when that file
    /// does not exist the generator's embedded snapshot (<c>SchemaDescriptor.ConfigToml</c>) is used.</summary>
    public string? ConfigPath { get; set; }

    public QueryLimits Limits { get; } = new();

    /// <summary>Serve GraphiQL to browsers on GET. Null = on in the Development environment only.</summary>
    public bool? GraphiQL { get; set; }

    /// <summary>Resolved value of <see cref="GraphiQL"/> (set at start).</summary>
    public bool EnableGraphiQL { get; set; }

    /// <summary>Distinct documents kept parsed and validated.</summary>
    public int DocumentCacheSize { get; set; } = 1000;
}
