using System.Globalization;
using System.Text;
using Npgsql;

namespace FraiseQL.Sql;

/// <summary>
/// The result cache's key for one root query field: its SQL text, the type and value of every parameter (arguments,
/// filters, paging and the caller's injected claims) and the caller's session settings that reach PostgreSQL
/// (<see cref="ISqlSessionInitializer.ResultCacheScope"/>, read by row-level security). Field authorization that masks
/// a field changes the SQL text, so it is in the key too. Every part is length-prefixed, so no two different requests
/// share a key.
/// </summary>
internal static class ResultCacheKey
{
    /// <summary>The key, or null when a parameter holds a value this cannot spell exactly (such a query is not cached).</summary>
    public static string? Create(string sql, IReadOnlyList<NpgsqlParameter> parameters, string scope)
    {
        var key = new StringBuilder(sql.Length + scope.Length + 16 + (parameters.Count * 24));
        key.Append(sql.Length).Append(':').Append(sql).Append(scope.Length).Append(':').Append(scope);
        foreach (var parameter in parameters)
        {
            key.Append('|').Append((int)parameter.NpgsqlDbType).Append('=');
            if (!AppendValue(key, parameter.Value))
            {
                return null;
            }
        }
        return key.ToString();
    }

    private static bool AppendValue(StringBuilder key, object? value)
    {
        switch (value)
        {
            case null or DBNull:
                key.Append('N');
                return true;
            case string text:
                key.Append('S').Append(text.Length).Append(':').Append(text);
                return true;
            case bool flag:
                key.Append(flag ? 'T' : 'F');
                return true;
            case string?[] texts:
                key.Append('A').Append(texts.Length).Append(':');
                foreach (var text in texts)
                {
                    AppendValue(key, text);
                }
                return true;
            case IFormattable formattable:
                var formatted = formattable.ToString(null, CultureInfo.InvariantCulture);
                key.Append('V').Append(formatted.Length).Append(':').Append(formatted);
                return true;
            default:
                return false;
        }
    }
}
