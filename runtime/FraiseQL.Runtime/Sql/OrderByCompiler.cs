using FraiseQL.Execution;
using FraiseQL.Schema;

namespace FraiseQL.Sql;

/// <summary>
/// Compiles <c>orderBy</c> into an ORDER BY list. Accepted forms: a list of
/// <c>{field: "createdAt", direction: DESC}</c> items (field = GraphQL name, dotted for nested
/// objects: <c>"author.name"</c>; direction defaults to ASC), one such item, or the object form
/// <c>{createdAt: DESC, total: ASC}</c>. Each key is cast by the field's declared type.
/// Fields and directions are part of the SQL text (never values), so they are validated against
/// the schema here and belong in the statement cache key. A top-level ID/UUID field stored as <c>id</c>
/// sorts by the view's native <c>id</c> column (<see cref="NativeId"/>).
/// </summary>
internal sealed class OrderByCompiler(SchemaIndex schema)
{
    public void Append(SqlBuilder sql, string typeName, object? orderBy, string source, FieldSelection field)
    {
        var first = true;
        switch (orderBy)
        {
            case null:
                return;
            case IReadOnlyList<object?> list:
                foreach (var item in list)
                {
                    if (item is not IReadOnlyDictionary<string, object?> map)
                    {
                        throw SqlErrors.BadUserInput(field, "orderBy: expected a list of {field, direction} objects.");
                    }
                    AppendMap(sql, typeName, map, source, field, ref first);
                }
                return;
            case IReadOnlyDictionary<string, object?> single:
                AppendMap(sql, typeName, single, source, field, ref first);
                return;
            default:
                throw SqlErrors.BadUserInput(field, "orderBy: expected {field, direction} objects or {fieldName: ASC|DESC}.");
        }
    }

    private void AppendMap(SqlBuilder sql, string typeName, IReadOnlyDictionary<string, object?> map, string source, FieldSelection field, ref bool first)
    {
        if (map.TryGetValue("field", out var fieldValue) && fieldValue is string fieldName && map.Keys.All(k => k is "field" or "direction"))
        {
            map.TryGetValue("direction", out var direction);
            AppendKey(sql, typeName, fieldName, direction, source, field, ref first);
            return;
        }
        foreach (var (name, direction) in map)
        {
            AppendKey(sql, typeName, name, direction, source, field, ref first);
        }
    }

    private void AppendKey(SqlBuilder sql, string typeName, string path, object? direction, string source, FieldSelection field, ref bool first)
    {
        var descending = direction switch
        {
            null => false,
            string s when s.Equals("ASC", StringComparison.OrdinalIgnoreCase) => false,
            string s when s.Equals("DESC", StringComparison.OrdinalIgnoreCase) => true,
            _ => throw SqlErrors.BadUserInput(field, $"orderBy.{path}: direction must be ASC or DESC."),
        };
        var currentType = typeName;
        var expr = source;
        var segments = path.Split('.');
        for (var i = 0; i < segments.Length; i++)
        {
            var descriptor = schema.FindField(currentType, segments[i]);
            if (descriptor is null)
            {
                var declared = schema.ObjectFields.TryGetValue(currentType, out var fields) ? string.Join(", ", fields.Keys.Order(StringComparer.Ordinal)) : "";
                throw SqlErrors.BadUserInput(field, $"orderBy: '{segments[i]}' is not a field of {currentType}. Sortable fields: {declared}.");
            }
            var type = TypeRef.Parse(descriptor.Type).Nullable;
            var key = SqlText.Literal(descriptor.StorageKey);
            var isObject = schema.Objects.ContainsKey(type.NamedType) || schema.Interfaces.ContainsKey(type.NamedType);
            if (i < segments.Length - 1)
            {
                if (!isObject || type.IsList)
                {
                    throw SqlErrors.BadUserInput(field, $"orderBy: '{path}': '{segments[i]}' is not an object field.");
                }
                expr = "(" + expr + "->" + key + ")";
                currentType = type.NamedType;
                continue;
            }
            if (isObject || type.IsList)
            {
                throw SqlErrors.BadUserInput(field, $"orderBy: '{path}' is not a scalar field and cannot be sorted on.");
            }
            var kind = ScalarKinds.Of(schema, type.NamedType);
            var cast = ScalarKinds.SqlCast(kind);
            sql.Append(first ? " ORDER BY " : ", ");
            first = false;
            if (i == 0 && NativeId.Applies(descriptor.StorageKey, kind))
            {
                // the view's own id column: sorted by its index, and the LIMIT stops after the page
                sql.Append(NativeId.Column).Append(descending ? " DESC" : " ASC");
                return;
            }
            sql.Append("(").Append(expr).Append("->>").Append(key).Append(')');
            if (cast is not null)
            {
                sql.Append("::").Append(cast);
            }
            sql.Append(descending ? " DESC" : " ASC");
        }
    }
}
