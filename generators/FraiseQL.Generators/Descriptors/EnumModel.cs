namespace FraiseQL.Generators.Descriptors;

internal sealed record EnumModel(string Name, string? Description, EquatableArray<EnumValueModel> Values, FileSpan Span);
