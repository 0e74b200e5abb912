namespace FraiseQL.Generators.Descriptors;

/// <summary>An argument of a query, mutation, subscription or field.</summary>
/// <param name="Name">GraphQL name.</param>
/// <param name="StorageKey">snake_case key / SQL name.</param>
/// <param name="Type">GraphQL type string, e.g. "ID!".</param>
/// <param name="DefaultJson">Default as raw JSON text, or null.</param>
internal sealed record ArgumentModel(
    string Name,
    string StorageKey,
    string Type,
    string? DefaultJson,
    string? Description,
    string? DeprecationReason,
    FileSpan Span,
    FileSpan TypeSpan);
