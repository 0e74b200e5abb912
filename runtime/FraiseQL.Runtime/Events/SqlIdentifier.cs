namespace FraiseQL.Events;

/// <summary>Quotes a possibly schema-qualified SQL name: <c>app.fn_x</c> → <c>"app"."fn_x"</c>.</summary>
public static class SqlIdentifier
{
    public static string Quote(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (name.StartsWith('"'))
        {
            return name;
        }
        var parts = name.Split('.');
        return string.Join('.', parts.Select(p => "\"" + p.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""));
    }

    /// <summary><c>SELECT "fn"($1::jsonb)</c> for a handler name.</summary>
    public static string JsonbCall(string function) => $"SELECT {Quote(function)}($1::jsonb)";
}
