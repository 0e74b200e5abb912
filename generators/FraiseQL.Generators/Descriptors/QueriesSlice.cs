namespace FraiseQL.Generators.Descriptors;

/// <summary>Input of Queries.g.cs.</summary>
internal sealed record QueriesSlice(string Namespace, EquatableArray<ResolvedQuery> Queries);
