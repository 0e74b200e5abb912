namespace FraiseQL.Generators.Descriptors;

internal sealed record InterfaceModel(
    string Name,
    string? Description,
    EquatableArray<FieldModel> Fields,
    EquatableArray<string> Implements,
    FileSpan Span);
