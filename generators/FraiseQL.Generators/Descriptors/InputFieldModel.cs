namespace FraiseQL.Generators.Descriptors;

internal sealed record InputFieldModel(
    string Name,
    string StorageKey,
    string Type,
    string? DefaultJson,
    string? Description,
    string? DeprecationReason,
    FileSpan Span,
    FileSpan TypeSpan);
