using System.Globalization;
using System.Text;
using System.Text.Json;
using FraiseQL.Execution;
using FraiseQL.Schema;
using NpgsqlTypes;

namespace FraiseQL.Sql;

/// <summary>
/// Compiles a relay query (<see cref="QueryDescriptor.Relay"/>) into one statement that builds its connection's JSON.
/// Without <c>orderBy</c> it pages by keyset over the cursor column, and the cursor is that column's value:
/// <code>
/// WITH page AS (SELECT "pk_order" AS k, "data" AS d FROM "v_order" WHERE &lt;inject&gt; AND &lt;where&gt; AND "pk_order" &gt; $a
///               ORDER BY k LIMIT n + 1),
///      kept AS (SELECT k AS o, d, &lt;cursor of k&gt; AS c FROM page ORDER BY k LIMIT n)
/// SELECT concat('{"edges":', (SELECT concat('[', string_agg(&lt;edge&gt;, ',' ORDER BY o), ']') FROM kept)) || …
/// </code>
/// With <c>orderBy</c> (the cursor column breaks ties) a keyset would need the order's values in the cursor, so the
/// cursor is the row's position in that order instead (<c>o:&lt;n&gt;</c>) and the page is read with OFFSET: correct for
/// any order, but rows inserted or deleted before the cursor between two requests shift the pages, as with
/// <c>offset</c>. <c>first</c>/<c>after</c> page forward, <c>last</c>/<c>before</c> backward (edges still come out in
/// the connection's order); one row past the page tells whether more follow. A cursor is base64; one that does not
/// decode to this connection's kind of cursor is BAD_USER_INPUT. <c>totalCount</c> counts every row the where selects.
/// Only what is selected is computed.
/// </summary>
internal sealed class ConnectionStatementCompiler(SchemaIndex schema, int maxPageSize)
{
    private const string OffsetPrefix = "o:";

    private readonly JsonbProjectionCompiler _projection = new(schema);
    private readonly WhereClauseCompiler _where = new(schema);
    private readonly OrderByCompiler _orderBy = new(schema);

    /// <summary>What a request asks of the connection: its page size and direction, cursors and order.</summary>
    private sealed record Paging(long N, bool Backward, string? After, string? Before, object? OrderBy, string Cast)
    {
        public bool ByOffset => OrderBy is not null;

        /// <summary>By position: the first position after the after cursor (0 without one).</summary>
        public long Lo => After is null ? 0 : long.Parse(After, CultureInfo.InvariantCulture) + 1;

        /// <summary>By position: the before cursor's position (only with one).</summary>
        public long Hi => long.Parse(Before!, CultureInfo.InvariantCulture);
    }

    public void Compile(SqlBuilder sql, QueryDescriptor query, FieldSelection field, RequestContext context, object? where)
    {
        var relay = query.Relay!;
        long? first = null, last = null;
        object? after = null, before = null, orderBy = null;
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
                case "after":
                    after = value;
                    break;
                case "before":
                    before = value;
                    break;
                case "orderBy" when value is IReadOnlyList<object?> { Count: > 0 } or IReadOnlyDictionary<string, object?> { Count: > 0 }:
                    orderBy = value;
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
        var byOffset = orderBy is not null;
        var paging = new Paging(n, backward,
            after is null ? null : Cursor(after, "after", relay, byOffset, field),
            before is null ? null : Cursor(before, "before", relay, byOffset, field),
            orderBy, relay.CursorType == "uuid" ? "uuid" : "bigint");

        if (paging.ByOffset)
        {
            OffsetPage(sql, query, field, context, where, paging);
        }
        else
        {
            KeysetPage(sql, query, field, context, where, paging);
        }
        sql.Append(" SELECT ");
        Connection(sql, query, field, context, where, paging);
    }

    /// <summary><c>WITH page AS (…), kept AS (SELECT o, d, c …)</c> by keyset over the cursor column.</summary>
    private void KeysetPage(SqlBuilder sql, QueryDescriptor query, FieldSelection field, RequestContext context, object? where, Paging p)
    {
        var k = query.Relay!.CursorColumn;
        sql.Append("WITH page AS (SELECT ").Append(k).Append(" AS k, ").Append(query.JsonbColumn).Append(" AS d FROM ").Append(query.SqlSource);
        var conditions = Filter(sql, query, field, context, where);
        if (p.After is not null)
        {
            sql.Append(conditions++ == 0 ? " WHERE " : " AND ").Append(k).Append(" > ").AppendParameter(p.After, NpgsqlDbType.Text).Append("::").Append(p.Cast);
        }
        if (p.Before is not null)
        {
            sql.Append(conditions++ == 0 ? " WHERE " : " AND ").Append(k).Append(" < ").AppendParameter(p.Before, NpgsqlDbType.Text).Append("::").Append(p.Cast);
        }
        var direction = p.Backward ? " DESC" : "";
        sql.Append(" ORDER BY k").Append(direction).Append(" LIMIT ").Append(Literal(p.N + 1))
            .Append("), kept AS (SELECT k AS o, d, ").Append(CursorText("k::text")).Append(" AS c FROM page ORDER BY k")
            .Append(direction).Append(" LIMIT ").Append(Literal(p.N)).Append(')');
    }

    /// <summary>
    /// <c>WITH s AS (SELECT &lt;first position&gt; AS start), page AS (…OFFSET start), kept AS (SELECT o, d, c …)</c> in
    /// the orderBy's order, positions from 0. Forward the page starts after the after cursor; backward it ends at the
    /// before cursor (or the last row, counted) and starts at most n rows earlier, not before the after cursor.
    /// </summary>
    private void OffsetPage(SqlBuilder sql, QueryDescriptor query, FieldSelection field, RequestContext context, object? where, Paging p)
    {
        sql.Append("WITH s AS (SELECT ");
        if (!p.Backward)
        {
            sql.AppendParameter(p.Lo, NpgsqlDbType.Bigint).Append("::bigint");
        }
        else
        {
            sql.Append("GREATEST(").AppendParameter(p.Lo, NpgsqlDbType.Bigint).Append("::bigint, ");
            if (p.Before is not null)
            {
                sql.AppendParameter(p.Hi, NpgsqlDbType.Bigint).Append("::bigint");
            }
            else
            {
                sql.Append("(SELECT count(*) FROM ").Append(query.SqlSource);
                Filter(sql, query, field, context, where);
                sql.Append(')');
            }
            sql.Append(" - ").Append(Literal(p.N)).Append(')');
        }
        sql.Append(" AS start), page AS (SELECT p.d, (SELECT start FROM s) + row_number() OVER () - 1 AS pos FROM (SELECT ")
            .Append(query.JsonbColumn).Append(" AS d FROM ").Append(query.SqlSource);
        Filter(sql, query, field, context, where);
        _orderBy.Append(sql, query.Relay!.Entity, p.OrderBy, query.JsonbColumn, field);
        sql.Append(", ").Append(query.Relay.CursorColumn).Append(" LIMIT ").Append(Literal(p.N + 1)).Append(" OFFSET (SELECT start FROM s)) p)")
            .Append(", kept AS (SELECT pos AS o, d, ").Append(CursorText("'" + OffsetPrefix + "' || pos")).Append(" AS c FROM page");
        if (p.Before is not null)
        {
            sql.Append(" WHERE pos < ").AppendParameter(p.Hi, NpgsqlDbType.Bigint).Append("::bigint");
        }
        sql.Append(" ORDER BY pos LIMIT ").Append(Literal(p.N)).Append(')');
    }

    /// <summary>The connection's JSON, member by member (the members that bind parameters are written in text order).</summary>
    private void Connection(SqlBuilder sql, QueryDescriptor query, FieldSelection field, RequestContext context, object? where, Paging p)
    {
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
                    sql.Append(Edges(selection, query.Relay!.Entity));
                    break;
                case "pageInfo":
                    PageInfo(sql, query, field, context, where, selection, p);
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
    /// response name already written), the value, <see cref="End"/>. Joined with || there is no argument limit,
    /// whatever the aliases.
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
    private int Filter(SqlBuilder sql, QueryDescriptor query, FieldSelection field, RequestContext context, object? where) =>
        QueryStatementCompiler.AppendFilter(sql, _where, query, query.Relay!.Entity, where, field, context);

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
        return "(SELECT concat('[', string_agg(" + JsonbProjectionCompiler.BuildObject(pairs) + ", ',' ORDER BY o), ']') FROM kept)";
    }

    private void PageInfo(SqlBuilder sql, QueryDescriptor query, FieldSelection field, RequestContext context, object? where, FieldSelection pageInfo, Paging p)
    {
        // rows read past the kept page: more follow in the direction of paging
        const string More = "((SELECT count(*) FROM page) > (SELECT count(*) FROM kept))::text";
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
                case "hasNextPage" when !p.Backward:
                    sql.Append(More);
                    break;
                case "hasPreviousPage" when p.Backward && !p.ByOffset:
                    sql.Append(More);
                    break;
                case "hasPreviousPage" when p.Backward:
                    // the page starts later than the after cursor (or the first row)
                    // a parameter, not a literal: the statement text is cached per shape, and Lo comes from the after cursor
                    sql.Append("((SELECT start FROM s) > ").AppendParameter(p.Lo, NpgsqlDbType.Bigint).Append("::bigint)::text");
                    break;
                case "hasPreviousPage" when p.ByOffset:
                    sql.Append(p.After is null ? "'false'" : "'true'"); // rows up to the after cursor's position precede
                    break;
                case "hasNextPage" when p.ByOffset:
                    sql.Append(p.Before is null ? "'false'" : "'true'"); // the before cursor's row follows
                    break;
                case "hasPreviousPage" or "hasNextPage":
                    // keyset, forward: a matching row at or before the after cursor; backward: at or after the before cursor
                    var bound = p.Backward ? p.Before : p.After;
                    if (bound is null)
                    {
                        sql.Append("'false'");
                        break;
                    }
                    sql.Append("(EXISTS (SELECT 1 FROM ").Append(query.SqlSource);
                    var conditions = Filter(sql, query, field, context, where);
                    sql.Append(conditions == 0 ? " WHERE " : " AND ").Append(query.Relay!.CursorColumn).Append(p.Backward ? " >= " : " <= ")
                        .AppendParameter(bound, NpgsqlDbType.Text).Append("::").Append(p.Cast).Append("))::text");
                    break;
                case "startCursor":
                    sql.Append("coalesce((SELECT to_json(c) FROM kept ORDER BY o LIMIT 1), 'null')");
                    break;
                case "endCursor":
                    sql.Append("coalesce((SELECT to_json(c) FROM kept ORDER BY o DESC LIMIT 1), 'null')");
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

    private static string Literal(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>SQL for the base64 of a text expression, without the line breaks PostgreSQL puts in long ones.</summary>
    private static string CursorText(string textExpression) =>
        "translate(encode(convert_to(" + textExpression + ", 'UTF8'), 'base64'), E'\\n', '')";

    /// <summary>
    /// Decodes a cursor (base64) and checks it is this connection's kind: the cursor column's value (its type) without
    /// orderBy, <c>o:&lt;position&gt;</c> with one. Returns the value, or the position as text.
    /// </summary>
    private static string Cursor(object value, string name, RelayDescriptor relay, bool byOffset, FieldSelection field)
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
        if (byOffset)
        {
            if (text is not null && text.StartsWith(OffsetPrefix, StringComparison.Ordinal)
                && long.TryParse(text.AsSpan(OffsetPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var position))
            {
                return position.ToString(CultureInfo.InvariantCulture);
            }
        }
        else if (text is not null && (relay.CursorType == "uuid"
            ? Guid.TryParse(text, out _)
            : long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)))
        {
            return text;
        }
        throw SqlErrors.BadUserInput(field, $"{name}: not a cursor of this connection{(byOffset ? " in this orderBy" : "")} (pass a cursor, startCursor or endCursor it returned, with the same orderBy).");
    }
}
