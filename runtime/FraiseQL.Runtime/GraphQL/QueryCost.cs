using FraiseQL.Execution;

namespace FraiseQL.GraphQL;

/// <summary>
/// Depth, alias count and cost of the selections to execute (after @skip/@include and fragment
/// flattening). Cost: every field costs 1; the cost of a list field's sub-selection is multiplied
/// by its <c>limit</c> (or <c>first</c>) argument, else by <see cref="QueryLimits.DefaultListSize"/>;
/// multipliers compound with nesting. So <c>orders(limit: 20) { id items { sku } }</c> costs
/// 1 + 20 × (1 + 1 + 10 × 1) = 241. Introspection root fields (<c>__schema</c>, <c>__type</c>) are not
/// costed (their size is bounded by the schema); depth and aliases count everywhere, except that introspection's
/// <c>ofType</c> adds no depth.
/// </summary>
internal static class QueryCost
{
    public static int Depth(IReadOnlyList<FieldSelection> selections) => Depth(selections, introspection: false);

    /// <summary>
    /// Depth in fields. Inside introspection, <c>__Type.ofType</c> (the inner type of a list or non-null wrapper) adds
    /// no level: it is one object per level, nested only as deep as the schema's own type wrappers, and the standard
    /// introspection query of GraphiQL and graphql-js nests it seven times (15 levels in all, where it is 6 without
    /// them). The fields that can repeat the schema (<c>fields</c>, <c>type</c>, <c>interfaces</c>, ...) still count.
    /// </summary>
    private static int Depth(IReadOnlyList<FieldSelection> selections, bool introspection)
    {
        var max = 0;
        foreach (var s in selections)
        {
            var inIntrospection = introspection || s.FieldName is "__schema" or "__type";
            var own = introspection && string.Equals(s.FieldName, "ofType", StringComparison.Ordinal) ? 0 : 1;
            max = Math.Max(max, own + Depth(s.Selections, inIntrospection));
        }
        return max;
    }

    public static int Aliases(IReadOnlyList<FieldSelection> selections)
    {
        var count = 0;
        foreach (var s in selections)
        {
            if (!string.Equals(s.ResponseName, s.FieldName, StringComparison.Ordinal))
            {
                count++;
            }
            count += Aliases(s.Selections);
        }
        return count;
    }

    public static long Cost(ExecutableSchema schema, IReadOnlyList<PlannedRootField> roots, int defaultListSize)
    {
        long total = 0;
        foreach (var root in roots)
        {
            if (root.Field.Name.StartsWith("__", StringComparison.Ordinal))
            {
                continue;
            }
            total += FieldCost(schema, root.Selection, root.Field, defaultListSize);
        }
        return total;
    }

    private static long FieldCost(ExecutableSchema schema, FieldSelection selection, SchemaField field, int defaultListSize)
    {
        if (selection.Selections.Count == 0)
        {
            return 1;
        }
        var named = schema.GetNamed(field.Type);
        long children = 0;
        foreach (var child in selection.Selections)
        {
            var parent = child.TypeCondition is null ? named : schema.Types[child.TypeCondition];
            var childField = schema.FindField(parent, child.FieldName);
            children += childField is null ? 1 : FieldCost(schema, child, childField, defaultListSize);
        }
        var multiplier = IsList(field.Type) ? ListSize(selection, defaultListSize) : 1;
        return Math.Min(long.MaxValue / 4, 1 + (multiplier * children));
    }

    private static bool IsList(Schema.TypeRef type) => type.IsList || (type.IsNonNull && type.OfType!.IsList);

    private static long ListSize(FieldSelection selection, int defaultListSize)
    {
        foreach (var name in (ReadOnlySpan<string>)["limit", "first", "last"])
        {
            if (selection.Arguments.TryGetValue(name, out var v) && v is long l && l >= 0)
            {
                return l;
            }
        }
        return defaultListSize;
    }
}
