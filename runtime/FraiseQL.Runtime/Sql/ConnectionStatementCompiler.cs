using System.Globalization;
using System.Text;
using System.Text.Json;
using FraiseQL.Execution;
using FraiseQL.Schema;
using NpgsqlTypes;

namespace FraiseQL.Sql;

/// <summary>
/// Compiles a relay query (<see cref="QueryDescriptor.Relay"/>) into one statement that builds its connection's JSON:
/// <code>
/// WITH page AS (SELECT "pk_order" AS k, "data" AS d FROM "v_order" WHERE &lt;inject&gt; AND &lt;where&gt; AND "pk_order" &gt; $a
///               ORDER BY "pk_order" LIMIT n + 1),
///      kept AS (SELECT k, d, &lt;cursor of k&gt; AS c FROM page ORDER BY k LIMIT n)
/// SELECT concat('{"edges":', (SELECT concat('[', string_agg(&lt;edge&gt;, ',' ORDER BY k), ']') FROM kept), ',"pageInfo":…}')
/// </code>
/// <c>first</c>/<c>after</c> page forward, <c>last</c>/<c>before</c> backward (the page is read in descending cursor
/// order and its edges still come out ascending); the one row past the page tells whether more follow. The cursor is
/// the base64 of the cursor column's text; a cursor that does not decode to the column's type is BAD_USER_INPUT.
/// <c>hasPreviousPage</c> (forward) and <c>hasNextPage</c> (backward) look for a matching row beyond the given cursor;
/// <c>totalCount</c> counts every row the where selects. Only what is selected is computed.
/// </summary>
internal sealed class ConnectionStatementCompiler(SchemaIndex schema, int maxPageSize)
{
    private readonly JsonbProjectionCompiler _projection = new(schema);
    private readonly WhereClauseCompiler _where = new(schema);

    public void Compile(SqlBuilder sql, QueryDescriptor query, FieldSelection field, RequestContext context, object? where)
    {
        var relay = query.Relay!;
        long? first = null, last = null;
        string? after = null, before = null;
        foreach (var (name, value) in field.Arguments)
        {
            switch (name)
            {
                case "first" when value is not null:
                    first = QueryStatementCompiler.PageValue(value, "first", field);
                    break;
                case "last" when value is not null:
                    last = QueryStatementCompiler.PageValue(value, "last", field);
                    break;
                case "after" when value is not null:
                    after = Cursor(value, "after", relay, field);
                    break;
                case "before" when value is not null:
                    before = Cursor(value, "before", relay, field);
                    break;
            }
        }
        if (first is not null && last is not null)
        {
            throw SqlErrors.BadUserInput(field, $"{query.Name}: pass first or last, not both.");
        }
        var backward = last is not null;
        var n = first ?? last ?? maxPageSize;
        if (n > maxPageSize)
        {
            throw SqlErrors.BadUserInput(field, $"{(backward ? "last" : "first")} {n} is larger than the maximum page size {maxPageSize} ([validation] max_page_size).");
        }
        var k = relay.CursorColumn;
        var cast = relay.CursorType == "uuid" ? "uuid" : "bigint";
        var pageSize = n.ToString(CultureInfo.InvariantCulture);

        sql.Append("WITH page AS (SELECT ").Append(k).Append(" AS k, ").Append(query.JsonbColumn).Append(" AS d FROM ").Append(query.SqlSource);
        var conditions = Filter(sql, query, field, context, where);
        if (after is not null)
        {
            sql.Append(conditions++ == 0 ? " WHERE " : " AND ").Append(k).Append(" > ").AppendParameter(after, NpgsqlDbType.Text).Append("::").Append(cast);
        }
        if (before is not null)
        {
            sql.Append(conditions++ == 0 ? " WHERE " : " AND ").Append(k).Append(" < ").AppendParameter(before, NpgsqlDbType.Text).Append("::").Append(cast);
        }
        var direction = backward ? " DESC" : "";
        sql.Append(" ORDER BY k").Append(direction).Append(" LIMIT ").Append((n + 1).ToString(CultureInfo.InvariantCulture))
            .Append("), kept AS (SELECT k, d, translate(encode(convert_to(k::text, 'UTF8'), 'base64'), E'\\n', '') AS c FROM page ORDER BY k")
            .Append(direction).Append(" LIMIT ").Append(pageSize).Append(") SELECT ");

        // One JSON object, each member written in place (the members that bind parameters, the count and the cursor
        // look-ups, must be written in text order) and joined with || (no argument limit, whatever the aliases).
        var connectionType = query.ReturnType;
        var members = new ObjectWriter(sql);
        foreach (var selection in field.Selections)
        {
            if (!_projection.AppliesTo(selection.TypeCondition, connectionType) || !members.Begin(selection.ResponseName))
            {
                continue;
            }
            switch (selection.FieldName)
            {
                case "__typename":
                    sql.Append(TypeName(connectionType));
                    break;
                case "totalCount":
                    sql.Append("(SELECT count(*) FROM ").Append(query.SqlSource);
                    Filter(sql, query, field, context, where);
                    sql.Append(')');
                    break;
                case "edges":
                    sql.Append(Edges(selection, relay.Entity));
                    break;
                case "pageInfo":
                    PageInfo(sql, query, field, context, where, selection, backward, after, before, n, cast);
                    break;
                default:
                    sql.Append(JsonbProjectionCompiler.Null);
                    break;
            }
            members.End();
        }
        members.Close();
    }

    /// <summary>
    /// Writes <c>concat('{"a":', v) || concat(',"b":', w) || '}'</c> member by member: <see cref="Begin"/> (false for a
    /// response name already written), the value, <see cref="End"/>.
    /// </summary>
    private sealed class ObjectWriter(SqlBuilder sql)
    {
        private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

        public bool Begin(string responseName)
        {
            if (!_seen.Add(responseName))
            {
                return false;
            }
            sql.Append(_seen.Count == 1 ? "" : " || ")
                .Append("concat(").Append(SqlText.Literal((_seen.Count == 1 ? "{" : ",") + "\"" + JsonEncodedText.Encode(responseName) + "\":")).Append(", ");
            return true;
        }

        public void End() => sql.Append(')');

        public void Close() => sql.Append(_seen.Count == 0 ? "'{}'" : " || '}'");
    }

    /// <summary>The <c>WHERE</c> of the page, the count and the look-ups: injected parameters and the where argument.</summary>
    private int Filter(SqlBuilder sql, QueryDescriptor query, FieldSelection field, RequestContext context, object? where)
    {
        var conditions = QueryStatementCompiler.AppendInjected(sql, query, query.JsonbColumn, field, context);
        if (where is not null)
        {
            sql.Append(conditions++ == 0 ? " WHERE " : " AND ");
            _where.Append(sql, query.Relay!.Entity, where, query.JsonbColumn, field);
        }
        return conditions;
    }

    private string Edges(FieldSelection edges, string entity)
    {
        var edgeType = entity + "Edge";
        var pairs = new List<KeyValuePair<string, string>>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var aliases = 0;
        foreach (var selection in edges.Selections)
        {
            if (!_projection.AppliesTo(selection.TypeCondition, edgeType) || !seen.Add(selection.ResponseName))
            {
                continue;
            }
            var value = selection.FieldName switch
            {
                "__typename" => TypeName(edgeType),
                "cursor" => "to_json(c)",
                "node" => $"CASE WHEN jsonb_typeof(d) = 'object' THEN {_projection.Object(entity, selection.Selections, "d", ref aliases)} ELSE {JsonbProjectionCompiler.Null} END",
                _ => null,
            };
            if (value is not null)
            {
                pairs.Add(new(selection.ResponseName, value));
            }
        }
        return "(SELECT concat('[', string_agg(" + JsonbProjectionCompiler.BuildObject(pairs) + ", ',' ORDER BY k), ']') FROM kept)";
    }

    private void PageInfo(SqlBuilder sql, QueryDescriptor query, FieldSelection field, RequestContext context, object? where,
        FieldSelection pageInfo, bool backward, string? after, string? before, long n, string cast)
    {
        var more = "((SELECT count(*) FROM page) > " + n.ToString(CultureInfo.InvariantCulture) + ")::text";
        var members = new ObjectWriter(sql);
        sql.Append('(');
        foreach (var selection in pageInfo.Selections)
        {
            if (!_projection.AppliesTo(selection.TypeCondition, "PageInfo") || !members.Begin(selection.ResponseName))
            {
                continue;
            }
            switch (selection.FieldName)
            {
                case "__typename":
                    sql.Append(TypeName("PageInfo"));
                    break;
                case "hasNextPage" when !backward:
                case "hasPreviousPage" when backward:
                    sql.Append(more);
                    break;
                case "hasPreviousPage" or "hasNextPage":
                    // forward: a matching row at or before the after cursor; backward: at or after the before cursor
                    var bound = backward ? before : after;
                    if (bound is null)
                    {
                        sql.Append("'false'");
                        break;
                    }
                    sql.Append("(EXISTS (SELECT 1 FROM ").Append(query.SqlSource);
                    var conditions = Filter(sql, query, field, context, where);
                    sql.Append(conditions == 0 ? " WHERE " : " AND ").Append(query.Relay!.CursorColumn).Append(backward ? " >= " : " <= ")
                        .AppendParameter(bound, NpgsqlDbType.Text).Append("::").Append(cast).Append("))::text");
                    break;
                case "startCursor":
                    sql.Append("coalesce((SELECT to_json(c) FROM kept ORDER BY k LIMIT 1), 'null')");
                    break;
                case "endCursor":
                    sql.Append("coalesce((SELECT to_json(c) FROM kept ORDER BY k DESC LIMIT 1), 'null')");
                    break;
                default:
                    sql.Append(JsonbProjectionCompiler.Null);
                    break;
            }
            members.End();
        }
        members.Close();
        sql.Append(')');
    }

    private static string TypeName(string type) => SqlText.Literal("\"" + type + "\"");

    /// <summary>Decodes a cursor (base64 of the cursor column's text) and checks it is a value of the column's type.</summary>
    private static string Cursor(object value, string name, RelayDescriptor relay, FieldSelection field)
    {
        string? text = null;
        if (value is string s)
        {
            try
            {
                text = Encoding.UTF8.GetString(Convert.FromBase64String(s));
            }
            catch (FormatException)
            {
            }
        }
        var valid = text is not null && (relay.CursorType == "uuid"
            ? Guid.TryParse(text, out _)
            : long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _));
        return valid ? text! : throw SqlErrors.BadUserInput(field, $"{name}: not a cursor of this connection (pass a cursor or endCursor/startCursor it returned).");
    }
}
