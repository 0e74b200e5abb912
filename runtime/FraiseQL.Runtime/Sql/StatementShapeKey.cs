using System.Text;
using FraiseQL.Execution;

namespace FraiseQL.Sql;

/// <summary>
/// Builds the statement-cache key of a root field: operation name + selection shape (response
/// names, field names, type conditions, nesting) + argument shape. Argument <em>values</em> are
/// left out except where they change the SQL text: booleans (<c>isnull: true/false</c>),
/// null-ness (<c>eq: null</c> → IS NULL), everything under <c>orderBy</c> (field names and
/// directions are SQL text) and the <c>limit</c>, <c>first</c> and <c>last</c> values (literals in the SQL, so
/// PostgreSQL keeps a generic plan). Lists keep their length only in <c>_and/_or</c> position; a value list is one
/// array parameter whatever its length.
/// </summary>
internal static class StatementShapeKey
{
    /// <summary>One builder per thread: the key is built on every request and only the final string is kept.</summary>
    [ThreadStatic]
    private static StringBuilder? t_builder;

    private static StringBuilder Builder()
    {
        var sb = t_builder;
        if (sb is null || sb.Capacity > 16 * 1024)
        {
            // first use on this thread, or grown by a huge selection: do not keep that much per thread
            t_builder = sb = new StringBuilder(256);
        }
        return sb.Clear();
    }

    public static string ForQuery(string operation, FieldSelection field)
    {
        var sb = Builder().Append("Q:").Append(operation).Append('|');
        AppendSelections(sb, field.Selections);
        sb.Append('|');
        foreach (var (name, value) in field.Arguments)
        {
            sb.Append(name).Append('=');
            if (name is "orderBy" or "limit" or "first" or "last")
            {
                AppendLiteralShape(sb, value);
            }
            else
            {
                AppendValueShape(sb, value);
            }
            sb.Append(';');
        }
        return sb.ToString();
    }

    public static string ForMutation(string operation, FieldSelection field)
    {
        var sb = Builder().Append("M:").Append(operation).Append('|');
        AppendSelections(sb, field.Selections);
        return sb.ToString();
    }

    private static void AppendSelections(StringBuilder sb, IReadOnlyList<FieldSelection> selections)
    {
        sb.Append('{');
        for (var i = 0; i < selections.Count; i++)
        {
            var s = selections[i];
            sb.Append(s.ResponseName).Append(':').Append(s.FieldName);
            if (s.TypeCondition is not null)
            {
                sb.Append('@').Append(s.TypeCondition);
            }
            if (s.Masked)
            {
                sb.Append('!');
            }
            if (s.Selections.Count > 0)
            {
                AppendSelections(sb, s.Selections);
            }
            sb.Append(',');
        }
        sb.Append('}');
    }

    private static void AppendValueShape(StringBuilder sb, object? value)
    {
        switch (value)
        {
            case null:
                sb.Append('N');
                break;
            case bool b:
                sb.Append(b ? 'T' : 'F');
                break;
            case IReadOnlyDictionary<string, object?> map:
                sb.Append('{');
                foreach (var (k, v) in map)
                {
                    sb.Append(k).Append(':');
                    AppendValueShape(sb, v);
                    sb.Append(',');
                }
                sb.Append('}');
                break;
            case IReadOnlyList<object?> list:
                if (list.All(item => item is not (IReadOnlyDictionary<string, object?> or IReadOnlyList<object?>)))
                {
                    // A value list (in/nin, array arguments) is one array parameter whatever its length.
                    sb.Append("[*]");
                    break;
                }
                sb.Append('[');
                foreach (var item in list)
                {
                    AppendValueShape(sb, item);
                }
                sb.Append(']');
                break;
            case string s:
                sb.Append('S');
                break;
            default:
                sb.Append('V');
                break;
        }
    }

    private static void AppendLiteralShape(StringBuilder sb, object? value)
    {
        switch (value)
        {
            case IReadOnlyDictionary<string, object?> map:
                sb.Append('{');
                foreach (var (k, v) in map)
                {
                    sb.Append(k).Append(':');
                    AppendLiteralShape(sb, v);
                    sb.Append(',');
                }
                sb.Append('}');
                break;
            case IReadOnlyList<object?> list:
                sb.Append('[');
                foreach (var item in list)
                {
                    AppendLiteralShape(sb, item);
                    sb.Append(',');
                }
                sb.Append(']');
                break;
            default:
                sb.Append('"').Append(value?.ToString()?.Replace("\"", "\\\"", StringComparison.Ordinal)).Append('"');
                break;
        }
    }
}
