namespace FraiseQL.GraphQL;

/// <summary>
/// Request limits. Defaults: document 100 KB, variables 100 KB, depth 15, aliases 30, cost 1000,
/// timeout 30 s. Bound from configuration section <c>FraiseQL:Limits</c> and fraiseql.toml
/// (<c>[validation] max_query_depth / max_query_complexity / max_aliases</c>, <c>[server] request_timeout_ms</c>).
/// </summary>
public sealed class QueryLimits
{
    public int MaxDocumentBytes { get; set; } = 100 * 1024;
    public int MaxVariablesBytes { get; set; } = 100 * 1024;
    public int MaxDepth { get; set; } = 15;
    public int MaxAliases { get; set; } = 30;
    /// <summary>Maximum cost (see <see cref="QueryCost"/>).</summary>
    public int MaxCost { get; set; } = 1000;
    /// <summary>Multiplier for a list field without a literal/variable <c>limit</c> argument.</summary>
    public int DefaultListSize { get; set; } = 10;
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>Largest <c>limit</c> a list query accepts (<c>[validation] max_page_size</c>).</summary>
    public int MaxPageSize { get; set; } = 1000;
    /// <summary>
    /// Most operations one POST may carry as a JSON array (<c>[server] max_batch_size</c>); 0 (the default) refuses
    /// batches: each operation of a batch counts against every other limit on its own.
    /// </summary>
    public int MaxBatchSize { get; set; }
}
