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
    /// <summary>Appends <c> ORDER BY k1 ASC, k2 DESC</c> for <paramref name="orderBy"/> (nothing for null).</summary>
    public void Append(SqlBuilder sql, string typeName, object? orderBy, string source, FieldSelection field, RequestContext context)
    {
        Append(sql, Keys(typeName, orderBy, source, field, context));
    }

    /// <summary>
    /// Appends the ORDER BY of a page of a list: <paramref name="orderBy"/>'s keys, then a tie-breaker. Rows that tie
    /// on the requested keys otherwise come back in whatever order each plan produces, and that order differs between
    /// LIMIT/OFFSET windows: paging would repeat some rows and never show others.
    /// <list type="bullet">
    /// <item>A type whose id is the view's native id column: that id ascending, unless a key already sorts by it; alone
    /// when there is no orderBy (the id's index serves it). The id is unique, so consecutive pages partition the rows.</item>
    /// <item>Another type with an orderBy: the row's whole JSON (<paramref name="source"/>) ascending. jsonb's ordering is
    /// total, so rows that tie on it are identical and pages still partition what a client can see. The rows are being
    /// sorted anyway; the extra comparison runs only on ties.</item>
    /// <item>Another type without an orderBy: no ORDER BY. Sorting by the JSON would build every row's <c>data</c> for
    /// each page of a view that has no key to sort by; such a list is a sample, not a sequence (README Known gaps).</item>
    /// </list>
    /// </summary>
    public void AppendPageOrder(SqlBuilder sql, string typeName, object? orderBy, string source, FieldSelection field, RequestContext context)
    {
        var keys = Keys(typeName, orderBy, source, field, context);
        Append(sql, keys);
        if (keys.Any(k => k.IsNativeColumn))
        {
            return;
        }
        if (HasNativeId(typeName))
        {
            sql.Append(keys.Count == 0 ? " ORDER BY " : ", ").Append(NativeId.Column).Append(" ASC");
        }
        else if (keys.Count > 0)
        {
            sql.Append(", ").Append(source).Append(" ASC");
        }
    }

    private bool HasNativeId(string typeName) =>
        schema.ObjectFields.TryGetValue(typeName, out var fields)
        && fields.Values.Any(f => TypeRef.Parse(f.Type).Nullable is { IsList: false } type && NativeId.Applies(f.StorageKey, ScalarKinds.Of(schema, type.NamedType)));

    private static void Append(SqlBuilder sql, List<OrderKey> keys)
    {
        for (var i = 0; i < keys.Count; i++)
        {
            sql.Append(i == 0 ? " ORDER BY " : ", ").Append(keys[i].Expression).Append(keys[i].Descending ? " DESC" : " ASC");
        }
    }

    /// <summary>The sort keys of <paramref name="orderBy"/>, in order (empty for null).</summary>
    public List<OrderKey> Keys(string typeName, object? orderBy, string source, FieldSelection field, RequestContext context)
    {
        var keys = new List<OrderKey>();
        switch (orderBy)
        {
            case null:
                break;
            case IReadOnlyList<object?> list:
                foreach (var item in list)
                {
                    if (item is not IReadOnlyDictionary<string, object?> map)
                    {
                        throw SqlErrors.BadUserInput(field, "orderBy: expected a list of {field, direction} objects.");
                    }
                    AddMap(keys, typeName, map, source, field, context);
                }
                break;
            case IReadOnlyDictionary<string, object?> single:
                AddMap(keys, typeName, single, source, field, context);
                break;
            default:
                throw SqlErrors.BadUserInput(field, "orderBy: expected {field, direction} objects or {fieldName: ASC|DESC}.");
        }
        return keys;
    }

    private void AddMap(List<OrderKey> keys, string typeName, IReadOnlyDictionary<string, object?> map, string source, FieldSelection field, RequestContext context)
    {
        if (map.TryGetValue("field", out var fieldValue) && fieldValue is string fieldName && map.Keys.All(k => k is "field" or "direction"))
        {
            map.TryGetValue("direction", out var direction);
            keys.Add(Key(typeName, fieldName, direction, source, field, context));
            return;
        }
        foreach (var (name, direction) in map)
        {
            keys.Add(Key(typeName, name, direction, source, field, context));
        }
    }

    private OrderKey Key(string typeName, string path, object? direction, string source, FieldSelection field, RequestContext context)
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
        for (var i = 0; ; i++)
        {
            var descriptor = schema.FindField(currentType, segments[i]);
            if (descriptor is null)
            {
                var declared = schema.ObjectFields.TryGetValue(currentType, out var fields) ? string.Join(", ", fields.Keys.Order(StringComparer.Ordinal)) : "";
                throw SqlErrors.BadUserInput(field, $"orderBy: '{segments[i]}' is not a field of {currentType}. Sortable fields: {declared}.");
            }
            FieldUseAuthorization.Require(descriptor, currentType, context, field, "orderBy." + path, "sort by");
            var type = TypeRef.Parse(descriptor.Type).Nullable;
            var key = SqlText.Literal(descriptor.StorageKey);
            // a union too: its value is a whole member object, and sorting by its text would sort by the members' fields
            var isObject = schema.IsComposite(type.NamedType);
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
            if (i == 0 && NativeId.Applies(descriptor.StorageKey, kind))
            {
                // the view's own id column: sorted by its index, and the LIMIT stops after the page
                return new OrderKey(path, NativeId.Column, "uuid", descending, IsNativeColumn: true);
            }
            var cast = ScalarKinds.SqlCast(kind);
            var text = "(" + expr + "->>" + key + ")";
            return new OrderKey(path, cast is null ? text : text + "::" + cast, cast, descending);
        }
    }
}
