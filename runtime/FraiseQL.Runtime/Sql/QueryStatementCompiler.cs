using System.Globalization;
using FraiseQL.Execution;
using FraiseQL.Schema;
using NpgsqlTypes;

namespace FraiseQL.Sql;

/// <summary>
/// Compiles one root query field into one statement returning one text value: the field's JSON.
/// <code>
/// list:   SELECT concat('[', string_agg(&lt;projection of data&gt;, ','), ']') FROM (SELECT "data" FROM "v_order"
///         WHERE &lt;inject&gt; AND &lt;where&gt; AND &lt;explicit args&gt; ORDER BY … LIMIT n OFFSET $m) s
///         (n = the limit argument, or max_page_size when it is absent, as a literal; the offset is a parameter)
/// single: SELECT (&lt;projection of data&gt;) FROM (SELECT "data" FROM "v_order" WHERE "id" = $1 LIMIT 1) s
///         (the projection is JSON text: <see cref="JsonbProjectionCompiler"/>)
/// </code>
/// An ID/UUID argument whose storage key is <c>id</c> compares the view's native <c>id</c>
/// column (typed uuid), so the primary-key index is used.
/// </summary>
internal sealed class QueryStatementCompiler(SchemaIndex schema, int maxPageSize)
{
    private readonly JsonbProjectionCompiler _projection = new(schema);
    private readonly WhereClauseCompiler _where = new(schema);
    private readonly OrderByCompiler _orderBy = new(schema);
    private readonly ConnectionStatementCompiler _connection = new(schema, maxPageSize);

    public void Compile(SqlBuilder sql, QueryDescriptor query, FieldSelection field, RequestContext context)
    {
        var source = query.JsonbColumn;
        object? where = null, orderBy = null, limit = null, offset = null;
        var hasWhere = false;
        foreach (var (name, value) in field.Arguments)
        {
            switch (name)
            {
                case "where" when query.HasWhere || query.ReturnsList:
                    where = value;
                    hasWhere = value is not null;
                    break;
                case "orderBy" when query.HasOrderBy || query.ReturnsList:
                    orderBy = value;
                    break;
                case "limit" when query.HasLimit || query.ReturnsList:
                    limit = value;
                    break;
                case "offset" when query.HasOffset || query.ReturnsList:
                    offset = value;
                    break;
                default:
                    if (!query.Arguments.Any(a => a.Name == name))
                    {
                        throw SqlErrors.BadUserInput(field, $"Unknown argument '{name}' on {query.Name}.");
                    }
                    break;
            }
        }

        if (query.NodeTypes.Length > 0)
        {
            NodeLookup(sql, query, field, context);
            return;
        }
        if (query.Relay is not null)
        {
            _connection.Compile(sql, query, field, context, hasWhere ? where : null);
            return;
        }
        if (query.CountOf is { } counted)
        {
            // <query>Count: every row the where selects, not a page
            sql.Append("SELECT count(*)::text FROM ").Append(query.SqlSource);
            AppendFilter(sql, _where, query, counted, hasWhere ? where : null, field, context);
            return;
        }

        // The projection reads the JSONB column of a subquery that fetches the page first. Reading the view's
        // column directly would inline the view's expression at every reference (data->'a', data->'b', …) and
        // build each row's JSON once per selected field; the subquery (kept by its LIMIT/OFFSET) builds it once.
        // The projection is JSON text (never NULL); string_agg keeps the subquery's row order, and concat skips its
        // NULL when there are no rows ('[]').
        sql.Append(query.ReturnsList ? "SELECT concat('[', string_agg(" : "SELECT (");
        if (sql.EmitsText)
        {
            var aliases = 0;
            // a union or interface: each row names its concrete type in its own __typename key, as nested ones do
            sql.Append(schema.Unions.ContainsKey(query.ReturnType) || schema.Interfaces.ContainsKey(query.ReturnType)
                ? _projection.AbstractObject(query.ReturnType, field.Selections, source, $"({source}->>'__typename')", ref aliases)
                : _projection.Object(query.ReturnType, field.Selections, source, ref aliases));
        }
        sql.Append(query.ReturnsList ? ", ','), ']') FROM (SELECT " : ") FROM (SELECT ")
            .Append(source).Append(" FROM ").Append(query.SqlSource);

        var conditions = AppendFilter(sql, _where, query, query.ReturnType, hasWhere ? where : null, field, context);
        foreach (var argument in query.Arguments)
        {
            if (!field.Arguments.TryGetValue(argument.Name, out var value))
            {
                continue;
            }
            sql.Append(conditions++ == 0 ? " WHERE " : " AND ");
            AppendArgument(sql, argument, value, source, field);
        }

        if (query.ReturnsList)
        {
            // a page: the native id breaks ties (and orders a list without orderBy), so offset pages never overlap
            _orderBy.AppendPageOrder(sql, query.ReturnType, orderBy, source, field, context);
            // No limit means one page of the maximum size, never the whole table; the LIMIT also keeps the
            // subquery from being flattened into the projection.
            var n = limit is null ? maxPageSize : PageValue(limit, "limit", field);
            if (n > maxPageSize)
            {
                throw SqlErrors.BadUserInput(field, $"limit {n} is larger than the maximum page size {maxPageSize} ([validation] max_page_size).");
            }
            // The page size is SQL text, not a parameter: with LIMIT $n PostgreSQL's generic plan assumes a large
            // page, so it re-plans a prepared statement on every execution (a custom plan, ~15 % of a 20-row read
            // here). A literal keeps the cached generic plan. The value is a validated integer (never user text)
            // and part of the statement-cache key, so the distinct texts are bounded by max_page_size.
            sql.Append(" LIMIT ").Append(n.ToString(CultureInfo.InvariantCulture));
            if (offset is not null)
            {
                sql.Append(" OFFSET ").AppendParameter(PageValue(offset, "offset", field), NpgsqlDbType.Bigint);
            }
            sql.Append(") s");
        }
        else
        {
            if (orderBy is not null)
            {
                _orderBy.Append(sql, query.ReturnType, orderBy, source, field, context);
            }
            sql.Append(" LIMIT 1) s");
        }
    }

    /// <summary>
    /// <c>node(id)</c>: one statement over the views of every Node type (a branch per query that reads a type, when those
    /// differ in view, role or injected parameters: the generator's NodeTypes), each guarded by a parameter that says
    /// whether the caller has the branch's role, the type's own and the claims of its injected parameters (so the text
    /// is the same for every caller), then projected per concrete type:
    /// <code>
    /// SELECT CASE s.t WHEN 'Order' THEN &lt;Order's selection of s.d&gt; … ELSE 'null' END FROM (
    ///   SELECT 'Order' AS t, "data" AS d FROM "v_order" WHERE "id" = $1 AND $2 AND ("data"->>'tenant_id') = $3
    ///   UNION ALL … LIMIT 1) s
    /// </code>
    /// An id that is not a UUID finds nothing (null), like an unknown one.
    /// </summary>
    private void NodeLookup(SqlBuilder sql, QueryDescriptor query, FieldSelection field, RequestContext context)
    {
        var id = field.Arguments.TryGetValue("id", out var value) && value is string text && Guid.TryParse(text, out var guid) ? (object)guid : null;
        var aliases = 0;
        sql.Append("SELECT ");
        if (sql.EmitsText)
        {
            sql.Append(_projection.AbstractObject(query.ReturnType, field.Selections, "s.d", "s.t", ref aliases));
        }
        sql.Append(" FROM (");
        for (var i = 0; i < query.NodeTypes.Length; i++)
        {
            var type = query.NodeTypes[i];
            // the branch's role (that of the query it mirrors) and, as for any query, the type's own
            var typeRole = schema.Objects.TryGetValue(type.TypeName, out var objectType) ? objectType.RequiresRole : null;
            var allowed = HasRole(type.RequiresRole, context) && HasRole(typeRole, context)
                && type.InjectParams.All(p => context.Claims.ContainsKey(p.Claim));
            sql.Append(i == 0 ? "SELECT " : " UNION ALL SELECT ").Append(SqlText.Literal(type.TypeName)).Append(" AS t, ").Append(type.JsonbColumn)
                .Append(" AS d FROM ").Append(type.SqlSource).Append(" WHERE ").Append(NativeId.Column).Append(" = ").AppendParameter(id, NpgsqlDbType.Uuid)
                .Append(" AND ").AppendParameter(allowed, NpgsqlDbType.Boolean);
            foreach (var inject in type.InjectParams)
            {
                sql.Append(" AND (").Append(type.JsonbColumn).Append("->>").Append(SqlText.Literal(inject.Name)).Append(") = ")
                    .AppendParameter(context.Claims.TryGetValue(inject.Claim, out var claim) ? claim : "", NpgsqlDbType.Text);
            }
        }
        sql.Append(" LIMIT 1) s");
    }

    private static bool HasRole(string? role, RequestContext context) => role is null || context.Roles.Contains(role, StringComparer.Ordinal);

    /// <summary>
    /// <c>WHERE (data->>'tenant_id') = $n AND … AND &lt;where&gt;</c>: the query's injected parameters, then the where
    /// argument (null: none) on rows of <paramref name="entity"/>, over the query's JSONB column. Shared by lists, counts
    /// and connections; returns how many conditions it wrote.
    /// </summary>
    internal static int AppendFilter(SqlBuilder sql, WhereClauseCompiler whereCompiler, QueryDescriptor query, string entity, object? where, FieldSelection field, RequestContext context)
    {
        var source = query.JsonbColumn;
        var conditions = 0;
        foreach (var inject in query.InjectParams)
        {
            if (!context.Claims.TryGetValue(inject.Claim, out var claimValue))
            {
                throw context.IsAuthenticated
                    ? SqlErrors.Create(field, $"{query.Name} needs the '{inject.Claim}' claim, which the caller's token does not carry.", "FORBIDDEN")
                    : SqlErrors.Create(field, $"{query.Name} requires an authenticated caller (it reads the '{inject.Claim}' claim).", "UNAUTHENTICATED");
            }
            sql.Append(conditions++ == 0 ? " WHERE " : " AND ");
            sql.Append('(').Append(source).Append("->>").Append(SqlText.Literal(inject.Name)).Append(") = ").AppendParameter(claimValue, NpgsqlDbType.Text);
        }
        if (where is not null)
        {
            sql.Append(conditions++ == 0 ? " WHERE " : " AND ");
            whereCompiler.Append(sql, entity, where, source, field, context);
        }
        return conditions;
    }

    private void AppendArgument(SqlBuilder sql, ArgumentDescriptor argument, object? value, string source, FieldSelection field)
    {
        var kind = ScalarKinds.Of(schema, TypeRef.Parse(argument.Type).NamedType);
        var what = "argument " + argument.Name;
        if (NativeId.Applies(argument.StorageKey, kind))
        {
            if (value is null)
            {
                sql.Append(NativeId.Column).Append(" IS NULL");
                return;
            }
            if (value is not string s || !Guid.TryParse(s, out var id))
            {
                throw SqlErrors.BadUserInput(field, $"{what}: '{value}' is not a valid UUID.");
            }
            sql.Append(NativeId.Column).Append(" = ").AppendParameter(id, NpgsqlDbType.Uuid);
            return;
        }
        var expr = "(" + source + "->>" + SqlText.Literal(argument.StorageKey) + ")";
        if (value is null)
        {
            sql.Append(expr).Append(" IS NULL");
            return;
        }
        var cast = ScalarKinds.SqlCast(kind);
        var text = SqlValues.ToText(value, kind, field, what);
        if (cast is null)
        {
            sql.Append(expr).Append(" = ").AppendParameter(text, NpgsqlDbType.Text);
        }
        else
        {
            sql.Append(expr).Append("::").Append(cast).Append(" = ").AppendParameter(text, NpgsqlDbType.Text).Append("::").Append(cast);
        }
    }

    internal static long PageValue(object? value, string name, FieldSelection field)
    {
        long n = value switch
        {
            long l => l,
            int i => i,
            _ => throw SqlErrors.BadUserInput(field, $"{name} must be an integer."),
        };
        if (n < 0)
        {
            throw SqlErrors.BadUserInput(field, $"{name} must not be negative (got {n}).");
        }
        return n;
    }
}
