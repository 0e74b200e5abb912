using Npgsql;

namespace FraiseQL.Sql;

/// <summary>A SQL name as the generated schema writes it: <c>"v_order"</c>, <c>"app"."fn_x"</c> or <c>app.fn_x</c>.</summary>
internal readonly record struct SqlName(string? Schema, string Name)
{
    /// <summary>Splits a possibly quoted, possibly schema-qualified name (a quoted part keeps its case, <c>""</c> is <c>"</c>).</summary>
    public static SqlName Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = new List<string>();
        var i = 0;
        while (i <= text.Length)
        {
            if (i < text.Length && text[i] == '"')
            {
                var part = new System.Text.StringBuilder();
                i++;
                while (i < text.Length)
                {
                    if (text[i] == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"')
                        {
                            part.Append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    part.Append(text[i++]);
                }
                parts.Add(part.ToString());
            }
            else
            {
                var end = text.IndexOf('.', i);
                end = end < 0 ? text.Length : end;
                parts.Add(text[i..end]);
                i = end;
            }
            if (i < text.Length && text[i] == '.')
            {
                i++;
                continue;
            }
            break;
        }
        return parts.Count >= 2 ? new SqlName(parts[^2], parts[^1]) : new SqlName(null, parts.Count == 1 ? parts[0] : text);
    }

    public override string ToString() => Schema is null ? Name : Schema + "." + Name;
}

/// <summary>A relation (view, table, materialized view) and its columns with their types.</summary>
internal sealed record CatalogRelation(string Schema, string Name, bool Visible, char Kind, IReadOnlyDictionary<string, string> Columns);

/// <summary>A function: its argument types and names (empty when unnamed), how many of them have defaults, and the
/// columns of what it returns.</summary>
internal sealed record CatalogFunction(
    string Schema, string Name, bool Visible, IReadOnlyList<string> ArgumentTypes, int DefaultedArguments,
    string ReturnType, bool ReturnsSet, IReadOnlyList<string> ResultColumns, IReadOnlyList<string> ArgumentNames)
{
    /// <summary>The signature as <c>\df</c> would show it: <c>fn_x(jsonb, uuid) returns mutation_response</c>.</summary>
    public string Signature => $"{Name}({string.Join(", ", ArgumentTypes)}) returns {(ReturnsSet ? "setof " : "")}{ReturnType}";

    /// <summary>Whether a call with <paramref name="count"/> arguments reaches this function (the rest defaulted).</summary>
    public bool Accepts(int count) => count <= ArgumentTypes.Count && ArgumentTypes.Count - DefaultedArguments <= count;
}

/// <summary>
/// Reads the relations and functions of the given names from pg_catalog: one query for the relations, one for the
/// functions, whatever their number.
/// </summary>
internal static class SqlCatalog
{
    private const string RelationsSql = """
        SELECT n.nspname, c.relname, pg_table_is_visible(c.oid), c.relkind::text,
               COALESCE(array_agg(a.attname::text ORDER BY a.attnum) FILTER (WHERE a.attname IS NOT NULL), '{}'),
               COALESCE(array_agg(format_type(a.atttypid, a.atttypmod) ORDER BY a.attnum) FILTER (WHERE a.attname IS NOT NULL), '{}')
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
        WHERE c.relname = ANY($1) AND c.relkind IN ('r', 'v', 'm', 'p', 'f')
        GROUP BY n.nspname, c.relname, c.oid, c.relkind
        """;

    private const string FunctionsSql = """
        SELECT n.nspname, p.proname, pg_function_is_visible(p.oid),
               ARRAY(SELECT format_type(t.oid, NULL) FROM unnest(p.proargtypes::oid[]) WITH ORDINALITY AS a(oid, i)
                     JOIN pg_type t ON t.oid = a.oid ORDER BY a.i),
               p.pronargdefaults::int, format_type(p.prorettype, NULL), p.proretset,
               CASE WHEN rt.typrelid <> 0
                    THEN ARRAY(SELECT at.attname::text FROM pg_attribute at
                               WHERE at.attrelid = rt.typrelid AND at.attnum > 0 AND NOT at.attisdropped ORDER BY at.attnum)
                    ELSE ARRAY(SELECT o.name FROM unnest(p.proargnames, p.proargmodes::text[]) AS o(name, mode)
                               WHERE o.mode IN ('o', 'b', 't'))
               END,
               ARRAY(SELECT o.name FROM unnest(p.proargnames, p.proargmodes::text[]) WITH ORDINALITY AS o(name, mode, i)
                     WHERE o.mode IS NULL OR o.mode IN ('i', 'b', 'v') ORDER BY o.i)
        FROM pg_proc p
        JOIN pg_namespace n ON n.oid = p.pronamespace
        JOIN pg_type rt ON rt.oid = p.prorettype
        WHERE p.proname = ANY($1) AND p.prokind = 'f'
        """;

    public static async Task<IReadOnlyList<CatalogRelation>> RelationsAsync(NpgsqlConnection connection, IEnumerable<string> names, CancellationToken cancellationToken)
    {
        var result = new List<CatalogRelation>();
        await using var command = new NpgsqlCommand(RelationsSql, connection);
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = names.Distinct(StringComparer.Ordinal).ToArray() });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var columns = reader.GetFieldValue<string[]>(4);
            var types = reader.GetFieldValue<string[]>(5);
            var byName = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < columns.Length; i++)
            {
                byName[columns[i]] = types[i];
            }
            result.Add(new CatalogRelation(reader.GetString(0), reader.GetString(1), reader.GetBoolean(2), reader.GetString(3)[0], byName));
        }
        return result;
    }

    public static async Task<IReadOnlyList<CatalogFunction>> FunctionsAsync(NpgsqlConnection connection, IEnumerable<string> names, CancellationToken cancellationToken)
    {
        var result = new List<CatalogFunction>();
        await using var command = new NpgsqlCommand(FunctionsSql, connection);
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = names.Distinct(StringComparer.Ordinal).ToArray() });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(new CatalogFunction(reader.GetString(0), reader.GetString(1), reader.GetBoolean(2),
                reader.GetFieldValue<string[]>(3), reader.GetInt32(4), reader.GetString(5), reader.GetBoolean(6),
                reader.IsDBNull(7) ? [] : reader.GetFieldValue<string[]>(7),
                reader.IsDBNull(8) ? [] : reader.GetFieldValue<string[]>(8)));
        }
        return result;
    }

    /// <summary>The catalog entries <paramref name="name"/> refers to: in its schema, or visible on the search path.</summary>
    public static IEnumerable<T> Matching<T>(IEnumerable<T> entries, SqlName name, Func<T, (string Schema, string Name, bool Visible)> key) =>
        entries.Where(e =>
        {
            var (schema, n, visible) = key(e);
            return n == name.Name && (name.Schema is null ? visible : schema == name.Schema);
        });
}
