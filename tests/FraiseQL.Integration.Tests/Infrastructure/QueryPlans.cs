using Npgsql;

namespace FraiseQL.Integration.Tests.Infrastructure;

/// <summary>PostgreSQL's plan of a statement, for tests that assert how a query runs (index used, no sort, one scan).</summary>
public static class QueryPlans
{
    /// <summary>The lines of <c>EXPLAIN [options] sql</c>, run with copies of <paramref name="parameters"/>.</summary>
    public static async Task<IReadOnlyList<string>> ExplainAsync(NpgsqlConnection connection, string sql, IEnumerable<NpgsqlParameter> parameters,
        string options = "", NpgsqlTransaction? transaction = null)
    {
        await using var explain = new NpgsqlCommand("EXPLAIN " + (options.Length > 0 ? options + " " : "") + sql, connection, transaction);
        explain.Parameters.AddRange(parameters.Select(p => p.Clone()).ToArray());
        var lines = new List<string>();
        await using var reader = await explain.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(0));
        }
        return lines;
    }
}
