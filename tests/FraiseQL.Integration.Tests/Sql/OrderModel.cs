using System.Text.Json;

namespace FraiseQL.Integration.Tests.Sql;

/// <summary>
/// The reference for <see cref="ListQueryModelTests"/>' paging: rows in <c>orderBy</c> order as PostgreSQL sorts the
/// typed keys (the same comparisons as <see cref="WhereModel"/>; NULL after every value ascending, before every value
/// descending), then by the native id ascending, which is unique.
/// </summary>
internal static class OrderModel
{
    public static int Compare(JsonElement a, JsonElement b, IReadOnlyList<(string Path, bool Descending)> keys,
        IReadOnlyDictionary<string, (string Key, string Type)> fields, IReadOnlyDictionary<string, IReadOnlyDictionary<string, (string Key, string Type)>> objects, bool tiesById = true)
    {
        foreach (var (path, descending) in keys)
        {
            var (x, type) = Read(a, path, fields, objects);
            var (y, _) = Read(b, path, fields, objects);
            var order = (x, y) switch
            {
                (null, null) => 0,
                (null, _) => 1,
                (_, null) => -1,
                _ => WhereModel.CompareValues(x.Value, y.Value, type),
            };
            if (order != 0)
            {
                return descending ? -order : order;
            }
        }
        return tiesById ? string.CompareOrdinal(a.GetProperty("id").GetString(), b.GetProperty("id").GetString()) : 0;
    }

    private static (JsonElement? Value, string Type) Read(JsonElement data, string path,
        IReadOnlyDictionary<string, (string Key, string Type)> fields, IReadOnlyDictionary<string, IReadOnlyDictionary<string, (string Key, string Type)>> objects)
    {
        var current = data;
        var declared = fields;
        var type = "";
        foreach (var segment in path.Split('.'))
        {
            var (key, t) = declared[segment];
            type = t;
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(key, out current) || current.ValueKind == JsonValueKind.Null)
            {
                return (null, type);
            }
            if (objects.TryGetValue(t, out var nested))
            {
                declared = nested;
            }
        }
        return (current, type);
    }
}
