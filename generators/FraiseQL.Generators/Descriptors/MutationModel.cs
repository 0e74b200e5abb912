namespace FraiseQL.Generators.Descriptors;

/// <summary>A root mutation as declared in schema.json (<see cref="Cascade"/>: FORMATS §4.4, the payload form).</summary>
internal sealed record MutationModel(
    string DeclaredName,
    string Name,
    string ReturnType,
    bool ReturnsList,
    bool Nullable,
    EquatableArray<ArgumentModel> Arguments,
    string? Description,
    string? DeprecationReason,
    string? SqlSource,
    string Operation,
    bool InputAsJsonb,
    EquatableArray<string> InvalidatesViews,
    EquatableArray<InjectParamModel> InjectParams,
    string? RequiresRole,
    bool Cascade,
    FileSpan Span,
    FileSpan NameSpan,
    FileSpan ReturnTypeSpan,
    FileSpan? SqlSourceSpan);
