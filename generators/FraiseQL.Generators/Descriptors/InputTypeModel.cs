namespace FraiseQL.Generators.Descriptors;

/// <summary>A declared input type, or a derived one (where/filter/orderBy).</summary>
internal sealed record InputTypeModel(
    string Name,
    string? Description,
    EquatableArray<InputFieldModel> Fields,
    bool IsDerived,
    string? FilterFor,
    FileSpan Span);

internal sealed record InputFieldModel(
    string Name,
    string StorageKey,
    string Type,
    string? DefaultJson,
    string? Description,
    string? DeprecationReason,
    FileSpan Span,
    FileSpan TypeSpan);
