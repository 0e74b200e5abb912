namespace FraiseQL.Generators.Descriptors;

/// <summary>A declared input type, or a derived one (where/filter/orderBy).</summary>
internal sealed record InputTypeModel(
    string Name,
    string? Description,
    EquatableArray<InputFieldModel> Fields,
    bool IsDerived,
    string? FilterFor,
    FileSpan Span);
