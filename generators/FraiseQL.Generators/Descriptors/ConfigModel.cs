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
    EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary><c>[[observers.publish]]</c>.</summary>
internal sealed record PublishModel(string Mutation, string Subject, string? SubscriptionTopic, FileSpan MutationSpan, FileSpan SubjectSpan, FileSpan? TopicSpan);

/// <summary><c>[[observers.subscribe]]</c>.</summary>
internal sealed record SubscribeModel(string Subject, string Handler, FileSpan SubjectSpan, FileSpan HandlerSpan);

/// <summary><c>[[observers.request]]</c>: resolve a query by a NATS request.</summary>
internal sealed record RequestModel(string Query, string Subject, int TimeoutMs, int Retries, FileSpan QuerySpan, FileSpan SubjectSpan);

/// <summary><c>[[observers.respond]]</c>: answer requests on a subject with a SQL function.</summary>
internal sealed record RespondModel(string Subject, string Handler, FileSpan SubjectSpan, FileSpan HandlerSpan);
