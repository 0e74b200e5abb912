namespace FraiseQL.Generators.Descriptors;

/// <summary>A field of an object type or interface.</summary>
internal sealed record FieldModel(
    string Name,
    string StorageKey,
    string Type,
    string? Description,
    string? DeprecationReason,
    string? RequiresScope,
    string OnDeny,
    bool IsTenantColumn,
    EquatableArray<ArgumentModel> Arguments,
    FileSpan Span,
    FileSpan TypeSpan);
