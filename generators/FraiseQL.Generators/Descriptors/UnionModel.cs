namespace FraiseQL.Generators.Descriptors;

internal sealed record UnionModel(string Name, string? Description, EquatableArray<NamedReference> MemberTypes, FileSpan Span);
