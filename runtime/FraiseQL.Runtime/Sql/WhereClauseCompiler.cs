using System.Globalization;
using FraiseQL.Execution;
using FraiseQL.Schema;
using NpgsqlTypes;

namespace FraiseQL.Sql;

/// <summary>
/// Compiles a <c>where</c> input (<c>{field: {op: value}, _and: [...], _or: [...], _not: {...}}</c>,
/// with <c>and/or/not</c> accepted as synonyms) into a parameterized boolean SQL expression over a
/// view's JSONB column. Keys are the declared GraphQL field names; nested object fields become
/// JSON paths (<c>data-&gt;'author'-&gt;&gt;'name'</c>); comparisons cast to the field's declared
/// type; every value is a <c>$n</c> parameter (LIKE-escaped for contains/startswith/endswith);
/// <c>in</c>/<c>nin</c> bind one array parameter (<c>= ANY($n)</c>), so the SQL text does not
/// depend on the list length. A top-level ID/UUID field stored as <c>id</c> compares the view's native
/// <c>id</c> column (<see cref="NativeId"/>).
/// </summary>
internal sealed class WhereClauseCompiler(SchemaIndex schema)
{
    public void Append(SqlBuilder sql, string typeName, object? where, string source, FieldSelection field, RequestContext context)
    {
        if (where is null)
        {
            sql.Append("TRUE");
            return;
        }
        if (where is not IReadOnlyDictionary<string, object?> map)
        {
            throw SqlErrors.BadUserInput(field, "where: expected an input object.");
        }
        AppendObject(sql, typeName, map, source, root: true, field, context, "where");
    }

    private void AppendObject(SqlBuilder sql, string typeName, IReadOnlyDictionary<string, object?> map, string source, bool root, FieldSelection field, RequestContext context, string path)
    {
        if (map.Count == 0)
        {
            sql.Append("TRUE");
            return;
        }
        sql.Append('(');
        var first = true;
        foreach (var (key, value) in map)
        {
            if (!first)
            {
                sql.Append(" AND ");
            }
            first = false;
            switch (key)
            {
                case "_and" or "and":
                    AppendList(sql, typeName, value, source, root, field, context, path + "." + key, " AND ", "TRUE");
                    break;
                case "_or" or "or":
                    AppendList(sql, typeName, value, source, root, field, context, path + "." + key, " OR ", "FALSE");
                    break;
                case "_not" or "not":
                    if (value is not IReadOnlyDictionary<string, object?> inner)
                    {
                        throw SqlErrors.BadUserInput(field, $"{path}.{key}: expected an input object.");
                    }
                    sql.Append("NOT ");
                    AppendObject(sql, typeName, inner, source, root, field, context, path + "." + key);
                    break;
                default:
                    AppendField(sql, typeName, key, value, source, root, field, context, path);
                    break;
            }
        }
        sql.Append(')');
    }

    private void AppendList(SqlBuilder sql, string typeName, object? value, string source, bool root, FieldSelection field, RequestContext context, string path, string joiner, string empty)
    {
        IReadOnlyList<object?> items = value switch
        {
            IReadOnlyList<object?> list => list,
            IReadOnlyDictionary<string, object?> single => [single],
            _ => throw SqlErrors.BadUserInput(field, $"{path}: expected a list of input objects."),
        };
        if (items.Count == 0)
        {
            sql.Append(empty);
            return;
        }
        sql.Append('(');
        for (var i = 0; i < items.Count; i++)
        {
            if (i > 0)
            {
                sql.Append(joiner);
            }
            if (items[i] is not IReadOnlyDictionary<string, object?> item)
            {
                throw SqlErrors.BadUserInput(field, $"{path}[{i}]: expected an input object.");
            }
            AppendObject(sql, typeName, item, source, root, field, context, path + "[" + i.ToString(CultureInfo.InvariantCulture) + "]");
        }
        sql.Append(')');
    }

    private void AppendField(SqlBuilder sql, string typeName, string name, object? value, string source, bool root, FieldSelection field, RequestContext context, string path)
    {
        var descriptor = schema.FindField(typeName, name);
        if (descriptor is null)
        {
            var declared = schema.ObjectFields.TryGetValue(typeName, out var fields) ? string.Join(", ", fields.Keys.Order(StringComparer.Ordinal)) : "";
            throw SqlErrors.BadUserInput(field,
                $"{path}: '{name}' is not a field of {typeName}. Filterable fields: {declared}, and _and, _or, _not.");
        }
        var type = TypeRef.Parse(descriptor.Type).Nullable;
        var key = SqlText.Literal(descriptor.StorageKey);
        var fieldPath = path + "." + name;
        FieldUseAuthorization.Require(descriptor, typeName, context, field, fieldPath, "filter on");
        if (value is not IReadOnlyDictionary<string, object?> ops)
        {
            throw SqlErrors.BadUserInput(field, $"{fieldPath}: expected an input object of operators ({(type.IsList ? JsonbFilterCompiler.ListOperators : WhereOperators.AllowedList)}).");
        }
        var named = type.NamedType;
        var jsonExpr = "(" + source + "->" + key + ")";
        var isObject = schema.Objects.ContainsKey(named) || schema.Interfaces.ContainsKey(named);
        if (!type.IsList && isObject)
        {
            AppendObject(sql, named, ops, jsonExpr, root: false, field, context, fieldPath);
            return;
        }
        var kind = ScalarKinds.Of(schema, named);
        // a list of leaves or of objects takes the *ListFilter operators on the JSON array, and the JSON scalar its
        // array and length operators: both on the value read as jsonb (jsonExpr). A list of objects' operand is read
        // against the element type (its keys are fields, checked like this one), a list of leaves' written as stored.
        var composite = schema.IsComposite(named);
        var elementKind = type.IsList && !composite ? kind : (ScalarKind?)null;
        var elements = type.IsList && composite ? new ObjectListOperandWriter(schema, type, context, field) : null;
        // a union value is a whole object: its text (data->>'key') would hold its members' fields, scoped ones included
        var union = !type.IsList && schema.Unions.ContainsKey(named);
        var nativeId = root && NativeId.Applies(descriptor.StorageKey, kind);
        var textExpr = nativeId ? "(" + NativeId.Column + "::text)" : "(" + source + "->>" + key + ")";
        if (ops.Count == 0)
        {
            sql.Append("TRUE");
            return;
        }
        sql.Append('(');
        var first = true;
        foreach (var (opName, operand) in ops)
        {
            if (!first)
            {
                sql.Append(" AND ");
            }
            first = false;
            if (type.IsList || (kind == ScalarKind.Json && JsonbFilterCompiler.IsJsonOperator(opName)))
            {
                JsonbFilterCompiler.Append(sql, opName, operand, jsonExpr, elementKind, elements, field, fieldPath + "." + opName);
                continue;
            }
            if (!WhereOperators.TryParse(opName, out var op))
            {
                throw SqlErrors.BadUserInput(field, $"{fieldPath}: unknown operator '{opName}'. Allowed: {WhereOperators.AllowedList}.");
            }
            if (union && op is not (WhereOperator.IsNull or WhereOperator.IsNotNull))
            {
                throw SqlErrors.BadUserInput(field, $"{fieldPath}.{opName}: {named} is a union: only isnull and is_not_null apply to it.");
            }
            AppendOperator(sql, op, operand, kind, textExpr, nativeId, field, fieldPath + "." + opName);
        }
        sql.Append(')');
    }

    private static void AppendOperator(SqlBuilder sql, WhereOperator op, object? operand, ScalarKind kind, string textExpr, bool nativeId, FieldSelection field, string path)
    {
        // the native id column compares as uuid (index); text operators (like, regex) use its text form
        var cast = nativeId ? "uuid" : ScalarKinds.SqlCast(kind);
        var typedExpr = nativeId ? NativeId.Column : cast is null ? textExpr : textExpr + "::" + cast;
        switch (op)
        {
            case WhereOperator.IsNull or WhereOperator.IsNotNull:
            {
                if (operand is not bool flag)
                {
                    throw SqlErrors.BadUserInput(field, $"{path}: expected true or false.");
                }
                var isNull = flag == (op == WhereOperator.IsNull);
                sql.Append(textExpr).Append(isNull ? " IS NULL" : " IS NOT NULL");
                return;
            }
            case WhereOperator.In or WhereOperator.Nin:
            {
                if (operand is not IReadOnlyList<object?> list)
                {
                    throw SqlErrors.BadUserInput(field, $"{path}: expected a list.");
                }
                var values = new string?[list.Count];
                for (var i = 0; i < list.Count; i++)
                {
                    values[i] = SqlValues.ToText(list[i], kind, field, path);
                }
                // FraiseQL's NOT (x IN (...)): like neq, nin does not match a null value (unknown, as in SQL), except
                // with an empty list, which matches every row (x = ANY('{}') is false even for null)
                if (op == WhereOperator.Nin)
                {
                    sql.Append("NOT (");
                }
                sql.Append(typedExpr).Append(" = ANY(").AppendParameter(values, NpgsqlDbType.Array | NpgsqlDbType.Text);
                if (cast is not null)
                {
                    sql.Append("::").Append(cast).Append("[]");
                }
                sql.Append(')');
                if (op == WhereOperator.Nin)
                {
                    sql.Append(')');
                }
                return;
            }
        }
        if (operand is null)
        {
            switch (op)
            {
                case WhereOperator.Eq:
                    sql.Append(textExpr).Append(" IS NULL");
                    return;
                case WhereOperator.Neq:
                    sql.Append(textExpr).Append(" IS NOT NULL");
                    return;
                default:
                    throw SqlErrors.BadUserInput(field, $"{path}: null is only allowed with eq and neq (use isnull).");
            }
        }
        var text = SqlValues.ToText(operand, kind, field, path)!;
        if (WhereOperators.Comparison(op) is { } comparison)
        {
            var isRegex = op is WhereOperator.Regex or WhereOperator.Iregex or WhereOperator.Nregex or WhereOperator.Niregex;
            if (isRegex || cast is null)
            {
                sql.Append(textExpr).Append(comparison).AppendParameter(text, NpgsqlDbType.Text);
            }
            else
            {
                sql.Append(typedExpr).Append(comparison).AppendParameter(text, NpgsqlDbType.Text).Append("::").Append(cast);
            }
            return;
        }
        if (WhereOperators.TsQueryFunction(op) is { } tsQuery)
        {
            // full-text search with the database's default_text_search_config
            sql.Append("to_tsvector(").Append(textExpr).Append(") @@ ").Append(tsQuery).Append('(').AppendParameter(text, NpgsqlDbType.Text).Append(')');
            return;
        }
        switch (op)
        {
            case WhereOperator.Like or WhereOperator.Ilike or WhereOperator.Nlike or WhereOperator.Nilike:
            {
                var negate = op is WhereOperator.Nlike or WhereOperator.Nilike;
                var like = op is WhereOperator.Ilike or WhereOperator.Nilike ? " ILIKE " : " LIKE ";
                if (negate)
                {
                    sql.Append("NOT (");
                }
                sql.Append(textExpr).Append(like).AppendParameter(text, NpgsqlDbType.Text);
                if (negate)
                {
                    sql.Append(')');
                }
                return;
            }
            default:
            {
                var insensitive = op is WhereOperator.Icontains or WhereOperator.IstartsWith or WhereOperator.IendsWith;
                var leading = op is WhereOperator.Contains or WhereOperator.Icontains or WhereOperator.EndsWith or WhereOperator.IendsWith;
                var trailing = op is WhereOperator.Contains or WhereOperator.Icontains or WhereOperator.StartsWith or WhereOperator.IstartsWith;
                sql.Append(textExpr).Append(insensitive ? " ILIKE " : " LIKE ");
                if (leading)
                {
                    sql.Append("'%' || ");
                }
                sql.AppendParameter(EscapeLike(text), NpgsqlDbType.Text);
                if (trailing)
                {
                    sql.Append(" || '%'");
                }
                return;
            }
        }
    }

    /// <summary>Escapes LIKE wildcards with PostgreSQL's default escape character (backslash).</summary>
    public static string EscapeLike(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
