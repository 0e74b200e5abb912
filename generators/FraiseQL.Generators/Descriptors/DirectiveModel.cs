namespace FraiseQL.Generators.Descriptors;

/// <summary>A custom directive definition (schema.json <c>directives[]</c>), for SDL and introspection.</summary>
internal sealed record DirectiveModel(
    string Name,
    string? Description,
    EquatableArray<string> Locations,
    EquatableArray<ArgumentModel> Arguments,
    bool Repeatable,
    FileSpan Span);
