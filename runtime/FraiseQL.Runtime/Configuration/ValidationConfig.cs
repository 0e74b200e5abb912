namespace FraiseQL.Configuration;

/// <summary>[validation] — query limits (null = use <c>FraiseQLOptions</c> defaults).</summary>
public sealed class ValidationConfig
{
    public int? MaxQueryDepth { get; init; }
    public int? MaxQueryComplexity { get; init; }
    public int? MaxAliases { get; init; }
    public int MaxPageSize { get; init; } = 1000;
}
