using System.Text;

namespace FraiseQL.Sql;

/// <summary>Quoting of the few non-parameter pieces of SQL text (JSON keys, type names from the schema).</summary>
internal static class SqlText
{
    /// <summary>A single-quoted SQL string literal with embedded quotes doubled.</summary>
    public static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    public static void AppendLiteral(StringBuilder sb, string value) =>
        sb.Append('\'').Append(value.Replace("'", "''", StringComparison.Ordinal)).Append('\'');

    /// <summary>A double-quoted identifier (<c>app.v_x</c> is not split: pass the parts separately).</summary>
    public static string Identifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
