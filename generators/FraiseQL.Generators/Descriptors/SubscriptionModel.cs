namespace FraiseQL.Generators.Descriptors;

/// <summary>A root subscription as declared in schema.json.</summary>
internal sealed record SubscriptionModel(
    string DeclaredName,
    string Name,
    string ReturnType,
    EquatableArray<ArgumentModel> Arguments,
    string? Description,
    string? DeprecationReason,
    string Topic,
    string? EntityType,
    string? Operation,
    EquatableArray<SubscriptionFilterModel> Filters,
    string? RequiresRole,
    FileSpan Span,
    FileSpan NameSpan,
    FileSpan ReturnTypeSpan);
