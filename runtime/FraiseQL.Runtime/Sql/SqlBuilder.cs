using System.Text;
using Npgsql;
using NpgsqlTypes;

namespace FraiseQL.Sql;

/// <summary>
/// Collects the parameters of one statement and, unless the SQL text came from the statement
/// cache, its text. The same compiler code runs in both modes, so parameter numbering always
/// matches the cached text.
/// </summary>
internal sealed class SqlBuilder(bool emitText)
{
    private readonly StringBuilder? _text = emitText ? new StringBuilder(512) : null;

    public List<NpgsqlParameter> Parameters { get; } = [];

    public bool EmitsText => _text is not null;

    public StringBuilder? Text => _text;

    public SqlBuilder Append(string sql)
    {
        _text?.Append(sql);
        return this;
    }

    public SqlBuilder Append(char sql)
    {
        _text?.Append(sql);
        return this;
    }

    /// <summary>Adds a typed parameter and appends its placeholder (<c>$n</c>).</summary>
    public SqlBuilder AppendParameter(object? value, NpgsqlDbType type)
    {
        var number = AddParameter(value, type); // not inside the ?. chain: the parameter is added with or without text
        _text?.Append('$').Append(number);
        return this;
    }

    /// <summary>
    /// Adds a typed parameter without writing its placeholder and returns its number, for a value the statement refers
    /// to more than once (<c>$n</c> each time).
    /// </summary>
    public int AddParameter(object? value, NpgsqlDbType type)
    {
        Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value, NpgsqlDbType = type });
        return Parameters.Count;
    }

    public override string ToString() => _text?.ToString() ?? "";
}
