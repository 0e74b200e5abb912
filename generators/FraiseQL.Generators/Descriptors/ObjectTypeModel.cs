namespace FraiseQL.Generators.Descriptors;

/// <summary>An object type of schema.json (<c>types[]</c>), or one the generator synthesizes.</summary>
internal sealed record ObjectTypeModel(
    string Name,
    string? Description,
    EquatableArray<FieldModel> Fields,
    EquatableArray<string> Implements,
    string? RequiresRole,
    bool IsError,
    bool Relay,
    bool Embedded,
    string? SqlSource,
    FileSpan Span);
