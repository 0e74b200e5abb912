namespace FraiseQL.Generators.Descriptors;

/// <summary>Per-query overrides of the where/orderBy/limit/offset arguments (null = inherit).</summary>
internal sealed record AutoParamsModel(bool? Where, bool? OrderBy, bool? Limit, bool? Offset)
{
    public static readonly AutoParamsModel Inherit = new(null, null, null, null);
}
