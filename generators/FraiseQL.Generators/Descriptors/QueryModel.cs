namespace FraiseQL.Generators.Descriptors;

/// <summary>A root query as declared in schema.json.</summary>
internal sealed record QueryModel(
    string DeclaredName,
    string Name,
    string ReturnType,
    bool ReturnsList,
    bool Nullable,
    EquatableArray<ArgumentModel> Arguments,
    string? Description,
    string? DeprecationReason,
    string? SqlSource,
    string? JsonbColumn,
    AutoParamsModel AutoParams,
    bool Relay,
    EquatableArray<InjectParamModel> InjectParams,
    long? CacheTtlSeconds,
    EquatableArray<string> AdditionalViews,
    string? RequiresRole,
    FileSpan Span,
    FileSpan NameSpan,
    FileSpan ReturnTypeSpan,
    FileSpan? SqlSourceSpan,
    bool Count = false,
    FileSpan? CountSpan = null,
    string? RelayCursorType = null);
