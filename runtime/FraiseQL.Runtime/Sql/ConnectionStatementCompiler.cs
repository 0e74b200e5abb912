using System.Globalization;
using System.Text;
using System.Text.Json;
using FraiseQL.Execution;
using FraiseQL.Schema;
using NpgsqlTypes;

namespace FraiseQL.Sql;

/// <summary>
/// Compiles a relay query (<see cref="QueryDescriptor.Relay"/>) into one statement that builds its connection's JSON.
/// It pages by keyset, never by position, so rows inserted or deleted before a cursor between two requests do not
/// shift the next page. Without <c>orderBy</c> the key is the cursor column, the cursor that column's value:
/// <code>
/// WITH page AS (SELECT "pk_order" AS k, "data" AS d FROM "v_order" WHERE &lt;inject&gt; AND &lt;where&gt; AND "pk_order" &gt; $a
///               ORDER BY k LIMIT n + 1),
///      kept AS (SELECT k AS o, d, &lt;cursor of k&gt; AS c FROM page ORDER BY k LIMIT n)
/// SELECT concat('{"edges":', (SELECT concat('[', string_agg(&lt;edge&gt;, ',' ORDER BY o), ']') FROM kept)) || …
/// </code>
/// With <c>orderBy</c> the key is the order's values with the cursor column as the last tie-breaker, and the cursor
/// carries them all (<c>k&lt;order's fingerprint&gt;:["2026-12-07T10:00:00+00:00", 42]</c>). The sort values are computed
/// once per row in a subquery that reads no <c>data</c> otherwise; the page's <c>data</c> is then read by the cursor
/// column for its rows only:
/// <code>
/// WITH page AS (SELECT q.k, x.d, q.s1 FROM (SELECT r.k, r.s1 FROM (SELECT "pk_order" AS k, &lt;key 1&gt; AS s1 FROM "v_order"
///                 WHERE &lt;inject&gt; AND &lt;where&gt; OFFSET 0) r WHERE &lt;(s1, k) after $a&gt; ORDER BY r.s1 DESC, r.k LIMIT n + 1) q
///               CROSS JOIN LATERAL (SELECT "data" AS d FROM "v_order" WHERE "pk_order" = q.k) x),
///      kept AS (SELECT row_number() OVER (ORDER BY s1 DESC, k) AS o, d, &lt;cursor of (s1, k)&gt; AS c FROM page ORDER BY s1 DESC, k LIMIT n)
/// </code>
/// Sorted only by the view's native <c>id</c> (<see cref="OrderKey.IsNativeColumn"/>), the page reads the view directly
/// with plain comparisons instead, so the column's index and the LIMIT apply.
/// "After" follows PostgreSQL's order, NULLs included (last ascending, first descending). <c>first</c>/<c>after</c> page
/// forward, <c>last</c>/<c>before</c> backward (edges still come out in the connection's order); one row past the page
/// tells whether more follow, and a row at or beyond the other side's cursor that more precede or follow. A cursor is
/// base64; one that does not decode to this connection's kind of cursor (its orderBy) is BAD_USER_INPUT.
/// <c>totalCount</c> counts every row the where selects. Only what is selected is computed.
/// </summary>
internal sealed class ConnectionStatementCompiler(SchemaIndex schema, int maxPageSize)
{
    private readonly JsonbProjectionCompiler _projection = new(schema);
    private readonly WhereClauseCompiler _where = new(schema);
    private readonly OrderByCompiler _orderBy = new(schema);

    /// <summary>
    /// What a request asks of the connection: its page size and direction, its cursors (the cursor column's value
    /// without an order, the keys' JSON array with one) and its order's keys (empty: by the cursor column).
    /// </summary>
    private sealed record Paging(long N, bool Backward, string? After, string? Before, List<OrderKey> Keys, string Cast)
    {
        public bool Ordered => Keys.Count > 0;
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
        var keys = _orderBy.Keys(relay.Entity, orderBy, query.JsonbColumn, field, context);
        var cast = relay.CursorType == "uuid" ? "uuid" : "bigint";
        var prefix = keys.Count == 0 ? null : OrderedCursorPrefix(keys);
        var paging = new Paging(n, backward,
            after is null ? null : Cursor(after, "after", relay, prefix, keys.Count, field),
            before is null ? null : Cursor(before, "before", relay, prefix, keys.Count, field),
            keys, cast);

        if (paging.Ordered)
        {
            OrderedPage(sql, query, field, context, where, paging, prefix!);
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

    /// <summary><c>WITH page AS (…), kept AS (SELECT o, d, c …)</c> by keyset over the orderBy's keys and the cursor column.</summary>
    private void OrderedPage(SqlBuilder sql, QueryDescriptor query, FieldSelection field, RequestContext context, object? where, Paging p, string prefix)
    {
        var k = query.Relay!.CursorColumn;
        // Sorted only by native columns, nothing needs building data for every row: the page reads the view directly
        // (its key index and the LIMIT apply) and builds data for the page's rows only
        var native = p.Keys.TrueForAll(key => key.IsNativeColumn);
        sql.Append(native
            ? "WITH page AS (SELECT r.k, r.d" + SortColumns(p, "r.") + " FROM "
            : "WITH page AS (SELECT q.k, x.d" + SortColumns(p, "q.") + " FROM (SELECT r.k" + SortColumns(p, "r.") + " FROM ");
        SortValues(sql, query, field, context, where, p, withData: native);
        var conditions = 0;
        if (p.After is not null)
        {
            sql.Append(conditions++ == 0 ? " WHERE " : " AND ");
            Beyond(sql, p, p.After, after: true);
        }
        if (p.Before is not null)
        {
            sql.Append(conditions++ == 0 ? " WHERE " : " AND ");
            Beyond(sql, p, p.Before, after: false);
        }
        sql.Append(" ORDER BY ").Append(OrderList(p, "r.", p.Backward)).Append(" LIMIT ").Append(Literal(p.N + 1));
        if (!native)
        {
            sql.Append(") q CROSS JOIN LATERAL (SELECT ").Append(query.JsonbColumn).Append(" AS d FROM ").Append(query.SqlSource)
                .Append(" WHERE ").Append(k).Append(" = q.k) x");
        }
        sql.Append("), kept AS (SELECT row_number() OVER (ORDER BY ").Append(OrderList(p, "", backward: false)).Append(") AS o, d, ");
        var values = "jsonb_build_array(" + SortColumns(p, "")[2..] + ", k)::text";
        sql.Append(CursorText(SqlText.Literal(prefix) + " || " + values)).Append(" AS c FROM page ORDER BY ").Append(OrderList(p, "", p.Backward))
            .Append(" LIMIT ").Append(Literal(p.N)).Append(')');
    }

    /// <summary>
    /// <c>(SELECT k, s1, … FROM &lt;source&gt; WHERE &lt;filter&gt; OFFSET 0) r</c>: every row's sort values, computed once
    /// (the OFFSET keeps PostgreSQL from inlining them, and with them the view's <c>data</c>, into every comparison).
    /// <paramref name="withData"/> (sorted by native columns only, so no comparison builds <c>data</c>): the row's
    /// <c>data</c> too (<c>d</c>) and no OFFSET, so PostgreSQL can read the page through the columns' index.
    /// </summary>
    private void SortValues(SqlBuilder sql, QueryDescriptor query, FieldSelection field, RequestContext context, object? where, Paging p,
        bool withData = false)
    {
        sql.Append("(SELECT ").Append(query.Relay!.CursorColumn).Append(" AS k");
        if (withData)
        {
            sql.Append(", ").Append(query.JsonbColumn).Append(" AS d");
        }
        for (var i = 0; i < p.Keys.Count; i++)
        {
            sql.Append(", ").Append(p.Keys[i].Expression).Append(" AS s").Append(Literal(i + 1));
        }
        sql.Append(" FROM ").Append(query.SqlSource);
        Filter(sql, query, field, context, where);
        sql.Append(withData ? ") r" : " OFFSET 0) r");
    }

    /// <summary><c>, q.s1, q.s2</c>: the sort value columns, each with <paramref name="qualifier"/>.</summary>
    private static string SortColumns(Paging p, string qualifier)
    {
        var list = new StringBuilder();
        for (var i = 0; i < p.Keys.Count; i++)
        {
            list.Append(", ").Append(qualifier).Append('s').Append(Literal(i + 1));
        }
        return list.ToString();
    }

    /// <summary><c>s1 DESC, s2 ASC, k ASC</c> (every direction reversed for <paramref name="backward"/>).</summary>
    private static string OrderList(Paging p, string qualifier, bool backward)
    {
        var list = new StringBuilder();
        for (var i = 0; i < p.Keys.Count; i++)
        {
            list.Append(qualifier).Append('s').Append(Literal(i + 1)).Append(p.Keys[i].Descending != backward ? " DESC, " : " ASC, ");
        }
        return list.Append(qualifier).Append(backward ? "k DESC" : "k ASC").ToString();
    }

    /// <summary>
    /// Whether row <c>r</c> comes strictly after (<paramref name="after"/>) or before the cursor in the connection's
    /// order: <c>(s1 after v1 OR (s1 = v1 AND (s2 after v2 OR (s2 = v2 AND k &gt; vk))))</c>, NULLs placed where
    /// PostgreSQL sorts them, never NULL itself (so it can be negated). The cursor's JSON is one parameter.
    /// </summary>
    private static void Beyond(SqlBuilder sql, Paging p, string cursor, bool after)
    {
        var json = "$" + sql.AddParameter(cursor, NpgsqlDbType.Text).ToString(CultureInfo.InvariantCulture) + "::jsonb";
        var text = new StringBuilder();
        for (var i = 0; i < p.Keys.Count; i++)
        {
            var key = p.Keys[i];
            var s = "r.s" + Literal(i + 1);
            var v = "(" + json + "->>" + Literal(i) + ")" + (key.Cast is null ? "" : "::" + key.Cast);
            // ascending: NULLs last; descending: NULLs first. "after" in a descending key is "before" in its values.
            var greater = key.Descending == after ? " < " : " > ";
            if (key.IsNativeColumn)
            {
                // never NULL: a plain comparison, which the column's index can serve
                text.Append('(').Append(s).Append(greater).Append(v).Append(" OR (").Append(s).Append(" = ").Append(v).Append(" AND ");
                continue;
            }
            var nullsFollow = key.Descending != after; // a NULL value lies beyond any non-NULL one in this direction
            text.Append("(CASE WHEN ").Append(s).Append(" IS NULL THEN ").Append(nullsFollow ? v + " IS NOT NULL" : "false")
                .Append(" WHEN ").Append(v).Append(" IS NULL THEN ").Append(nullsFollow ? "false" : "true")
                .Append(" ELSE ").Append(s).Append(greater).Append(v).Append(" END OR (").Append(s).Append(" IS NOT DISTINCT FROM ").Append(v).Append(" AND ");
        }
        text.Append("r.k").Append(after ? " > " : " < ").Append('(').Append(json).Append("->>").Append(Literal(p.Keys.Count)).Append(")::").Append(p.Cast);
        text.Append(')', 2 * p.Keys.Count);
        sql.Append('(').Append(text.ToString()).Append(')');
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
                case "hasNextPage":
                    // forward: a row read past the kept page; backward: a row at or after the before cursor
                    More(sql, query, field, context, where, p, readPast: !p.Backward, bound: p.Before, after: false);
                    break;
                case "hasPreviousPage":
                    // backward: a row read past the kept page; forward: a row at or before the after cursor
                    More(sql, query, field, context, where, p, readPast: p.Backward, bound: p.After, after: true);
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

    /// <summary>
    /// Whether more rows lie on one side of the page, as JSON text, as the relay spec says: on the side the page is read
    /// towards (<paramref name="readPast"/>), whether it read a row past the kept ones, and nothing else; on the other
    /// side, whether a row the where selects lies at or beyond that side's cursor (<paramref name="bound"/>;
    /// <paramref name="after"/>: the after cursor, so at or before it), false without one.
    /// </summary>
    private void More(SqlBuilder sql, QueryDescriptor query, FieldSelection field, RequestContext context, object? where, Paging p,
        bool readPast, string? bound, bool after)
    {
        if (readPast)
        {
            sql.Append("((SELECT count(*) FROM page) > (SELECT count(*) FROM kept))::text");
            return;
        }
        if (bound is null)
        {
            sql.Append("'false'");
            return;
        }
        sql.Append("(EXISTS (SELECT 1 FROM ");
        if (p.Ordered)
        {
            SortValues(sql, query, field, context, where, p);
            sql.Append(" WHERE NOT ");
            Beyond(sql, p, bound, after);
        }
        else
        {
            sql.Append(query.SqlSource);
            var conditions = Filter(sql, query, field, context, where);
            sql.Append(conditions == 0 ? " WHERE " : " AND ").Append(query.Relay!.CursorColumn).Append(after ? " <= " : " >= ")
                .AppendParameter(bound, NpgsqlDbType.Text).Append("::").Append(p.Cast);
        }
        sql.Append("))::text");
    }

    private static string TypeName(string type) => SqlText.Literal("\"" + type + "\"");

    private static string Literal(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>SQL for the base64 of a text expression, without the line breaks PostgreSQL puts in long ones.</summary>
    private static string CursorText(string textExpression) =>
        "translate(encode(convert_to(" + textExpression + ", 'UTF8'), 'base64'), E'\\n', '')";

    /// <summary>
    /// The text an ordered connection's cursors start with: <c>k</c>, a fingerprint of the order's paths and
    /// directions, <c>:</c>. A cursor from another order (or from none) does not start with it, so it is refused
    /// instead of being compared with the wrong keys.
    /// </summary>
    private static string OrderedCursorPrefix(List<OrderKey> keys)
    {
        var hash = 2166136261u; // FNV-1a over "path direction;…"
        foreach (var key in keys)
        {
            foreach (var ch in key.Path + (key.Descending ? " DESC;" : " ASC;"))
            {
                hash = (hash ^ ch) * 16777619u;
            }
        }
        return OrderedPrefix + hash.ToString("x8", CultureInfo.InvariantCulture) + ":";
    }

    private const string OrderedPrefix = "k";

    /// <summary>
    /// Decodes a cursor (base64) and checks it is this connection's kind: the cursor column's value (its type) without
    /// orderBy; with one, <paramref name="orderedPrefix"/> and a JSON array of one scalar per key plus the cursor
    /// column's value. Returns the value, or the array's JSON text. A value that is not of its key's type is left to
    /// PostgreSQL's cast, whose error is BAD_USER_INPUT too.
    /// </summary>
    private static string Cursor(object value, string name, RelayDescriptor relay, string? orderedPrefix, int keyCount, FieldSelection field)
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
        if (orderedPrefix is not null)
        {
            if (text is not null && text.StartsWith(orderedPrefix, StringComparison.Ordinal) && IsKeyArray(text.AsSpan(orderedPrefix.Length), keyCount + 1))
            {
                return text[orderedPrefix.Length..];
            }
        }
        else if (text is not null && IsCursorValue(text, relay))
        {
            return text;
        }
        throw SqlErrors.BadUserInput(field, $"{name}: not a cursor of this connection{(orderedPrefix is not null ? " in this orderBy" : "")} (pass a cursor, startCursor or endCursor it returned, with the same orderBy).");
    }

    private static bool IsCursorValue(string text, RelayDescriptor relay) => relay.CursorType == "uuid"
        ? Guid.TryParse(text, out _)
        : long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _);

    /// <summary>A JSON array of <paramref name="length"/> scalars (strings, numbers, booleans or nulls).</summary>
    private static bool IsKeyArray(ReadOnlySpan<char> json, int length)
    {
        try
        {
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json.ToArray()));
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
            {
                return false;
            }
            var count = 0;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False or JsonTokenType.Null))
                {
                    return false;
                }
                count++;
            }
            return reader.TokenType == JsonTokenType.EndArray && !reader.Read() && count == length;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
