namespace FraiseQL.Generators.Descriptors;

/// <summary>A query ready to emit: names resolved, SQL quoted, list arguments decided. <see cref="CountOf"/>: the
/// entity type a <c>&lt;query&gt;Count</c> sibling (<c>"count": true</c>) counts rows of. <see cref="Relay"/>: set on a
/// <c>"relay": true</c> query, which returns the entity's connection. <see cref="NodeTypes"/>: set on the synthesized
/// <c>node(id)</c> query, its branches: one per query that reads a Node type (ServiceModelBuilder.Node.cs).</summary>
internal sealed record ResolvedQuery(
    QueryModel Declared,
    string CSharpName,
    string QuotedSqlSource,
    string QuotedJsonbColumn,
    bool HasWhere,
    bool HasOrderBy,
    bool HasLimit,
    bool HasOffset,
    string? WhereInputType,
    string? OrderByInputType,
    EquatableArray<InjectParamModel> InjectParams,
    string? RequiresRole,
    RequestModel? Remote,
    string? CountOf = null,
    RelayModel? Relay = null,
    EquatableArray<NodeTypeModel> NodeTypes = default);
