namespace FraiseQL.Generators.Descriptors;

internal sealed record ScalarModel(string Name, string? Description, string? SpecifiedByUrl, string? BaseType, FileSpan Span);
