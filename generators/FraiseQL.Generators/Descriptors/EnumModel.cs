namespace FraiseQL.Generators.Descriptors;

internal sealed record EnumModel(string Name, string? Description, EquatableArray<EnumValueModel> Values, FileSpan Span);

/// <summary>An enum value: GraphQL name and the value stored in JSONB / passed to SQL.</summary>
internal sealed record EnumValueModel(string Name, string StorageValue, string? Description, string? DeprecationReason, FileSpan Span);
