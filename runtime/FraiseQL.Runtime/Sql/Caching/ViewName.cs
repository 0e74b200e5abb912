namespace FraiseQL.Sql;

/// <summary>
/// The name a view is tracked under for result-cache invalidation: its last segment, unquoted and lower-cased, so
/// <c>"app"."v_order"</c>, <c>app.v_order</c>, <c>v_order</c> and <c>V_Order</c> are one view. Two views of one name in
/// different schemas share a counter: a write to either drops the results of both (more misses, never a stale hit).
/// </summary>
internal static class ViewName
{
    public static string Normalize(string view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var name = view.Trim();
        // the last dot outside double quotes starts the relation name
        var inQuotes = false;
        var start = 0;
        for (var i = 0; i < name.Length; i++)
        {
            if (name[i] == '"')
            {
                inQuotes = !inQuotes;
            }
            else if (name[i] == '.' && !inQuotes)
            {
                start = i + 1;
            }
        }
        name = name[start..];
        if (name.Length >= 2 && name[0] == '"' && name[^1] == '"')
        {
            name = name[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal);
        }
        return name.ToLowerInvariant();
    }
}
