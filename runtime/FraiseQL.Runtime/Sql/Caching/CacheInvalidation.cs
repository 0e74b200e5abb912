using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using FraiseQL.Schema;

namespace FraiseQL.Sql;

/// <summary>
/// Which views a query reads and a mutation writes, for the result cache. A query reads its <c>sql_source</c> (for
/// <c>node(id)</c>, every node type's view) and its <c>additional_views</c>. A mutation that succeeds writes the views
/// FraiseQL names: its <c>invalidates_views</c>, the views of its return type, of the <c>entity_type</c> it returned and
/// of every <c>__typename</c> in its cascade; the views of a type are the type's own <c>sql_source</c> and those of the
/// queries that return it (for a union or interface, of each possible type).
/// </summary>
internal sealed class CacheInvalidation(SchemaIndex schema, ResultCacheViews versions)
{
    private readonly ConcurrentDictionary<string, ViewVersion[]> _queryViews = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string[]> _mutationViews = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string[]> _typeViews = new(StringComparer.Ordinal);

    public ViewVersion[] ViewsReadBy(QueryDescriptor query) =>
        _queryViews.GetOrAdd(query.Name, static (_, state) => state.self.ComputeQueryViews(state.query), (self: this, query));

    /// <summary>Bumps the views <paramref name="mutation"/> wrote (one invalidation, one announcement); called after its COMMIT.</summary>
    public void MutationSucceeded(MutationDescriptor mutation, string? entityType, string? cascadeJson)
    {
        var views = _mutationViews.GetOrAdd(mutation.Name, static (_, state) => state.self.ComputeMutationViews(state.mutation), (self: this, mutation));
        if (entityType is null && cascadeJson is null)
        {
            versions.Invalidate(views, InvalidationSource.Mutation);
            return;
        }
        var all = new HashSet<string>(views, StringComparer.Ordinal);
        if (entityType is not null)
        {
            all.UnionWith(TypeViews(entityType));
        }
        if (cascadeJson is not null)
        {
            foreach (var typeName in CascadeTypeNames(cascadeJson))
            {
                all.UnionWith(TypeViews(typeName));
            }
        }
        versions.Invalidate(all, InvalidationSource.Mutation);
    }

    /// <summary>
    /// The relations <paramref name="query"/> reads, as schema.json spells them: its <c>sql_source</c> (for
    /// <c>node(id)</c>, every node type's view) and its <c>additional_views</c>.
    /// </summary>
    public static IEnumerable<string> SourcesReadBy(QueryDescriptor query) =>
        (query.NodeTypes.Length > 0 ? query.NodeTypes.Select(node => node.SqlSource) : [query.SqlSource]).Concat(query.AdditionalViews);

    private ViewVersion[] ComputeQueryViews(QueryDescriptor query)
    {
        var names = new HashSet<string>(SourcesReadBy(query).Select(ViewName.Normalize), StringComparer.Ordinal);
        return [versions.All, .. names.Order(StringComparer.Ordinal).Select(versions.For)];
    }

    private string[] ComputeMutationViews(MutationDescriptor mutation)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var view in mutation.InvalidatesViews)
        {
            names.Add(ViewName.Normalize(view));
        }
        names.UnionWith(TypeViews(mutation.ReturnType));
        return [.. names];
    }

    private string[] TypeViews(string typeName) =>
        _typeViews.GetOrAdd(typeName, static (name, self) => self.ComputeTypeViews(name), this);

    private string[] ComputeTypeViews(string typeName)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var types = new HashSet<string>(StringComparer.Ordinal) { typeName };
        types.UnionWith(schema.PossibleTypes(typeName));
        foreach (var type in types)
        {
            if (schema.Objects.TryGetValue(type, out var descriptor) && descriptor.SqlSource is { } source)
            {
                names.Add(ViewName.Normalize(source));
            }
        }
        foreach (var query in schema.Queries.Values)
        {
            if (types.Contains(query.ReturnType) && query.CountOf is null && query.Remote is null && query.NodeTypes.Length == 0)
            {
                names.Add(ViewName.Normalize(query.SqlSource));
            }
        }
        return [.. names];
    }

    /// <summary>Every string value of a <c>__typename</c> property anywhere in the cascade JSON.</summary>
    internal static List<string> CascadeTypeNames(string cascadeJson)
    {
        var names = new List<string>();
        try
        {
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(cascadeJson));
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("__typename"u8)
                    && reader.Read() && reader.TokenType == JsonTokenType.String && reader.GetString() is { } name && !names.Contains(name))
                {
                    names.Add(name);
                }
            }
        }
        catch (JsonException)
        {
            // the mutation response reader has already accepted or rejected the cascade; what was read still counts
        }
        return names;
    }
}
