using FraiseQL.Generators.Diagnostics;

namespace FraiseQL.Generators.Descriptors;

/// <summary>What fraiseql.toml declared that the generator uses, plus its text and diagnostics.</summary>
internal sealed record ConfigModel(
    string FilePath,
    string Text,
    string? ProjectName,
    string? NamingConvention,
    AutoParamsModel? QueryDefaults,
    string? TenancyMode,
    string TenantClaim,
    EquatableArray<PublishModel> Publishes,
    EquatableArray<SubscribeModel> Subscribes,
    EquatableArray<RequestModel> Requests,
    EquatableArray<RespondModel> Responds,
    EquatableArray<NamedReference> RoleDefinitions,
    bool AutoErrorUnion,
    EquatableArray<DiagnosticInfo> Diagnostics);
