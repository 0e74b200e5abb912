namespace FraiseQL.Generators.Descriptors;

/// <summary>An enum value: GraphQL name and the value stored in JSONB / passed to SQL.</summary>
internal sealed record EnumValueModel(string Name, string StorageValue, string? Description, string? DeprecationReason, FileSpan Span);
