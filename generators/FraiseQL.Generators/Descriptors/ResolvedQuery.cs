namespace FraiseQL.Generators.Descriptors;

/// <summary>A query ready to emit: names resolved, SQL quoted, list arguments decided.</summary>
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
    RequestModel? Remote);
