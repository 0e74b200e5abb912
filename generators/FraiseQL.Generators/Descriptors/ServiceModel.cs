using FraiseQL.Generators.Diagnostics;

namespace FraiseQL.Generators.Descriptors;

/// <summary>The validated service: everything the emitters need, plus every diagnostic.
/// <see cref="HasErrors"/> set means nothing is emitted.</summary>
internal sealed record ServiceModel(
    string Namespace,
    string ServiceName,
    string Version,
    string? ConfigToml,
    EquatableArray<ObjectTypeModel> Types,
    EquatableArray<EnumModel> Enums,
    EquatableArray<EnumModel> DerivedEnums,
    EquatableArray<InputTypeModel> InputTypes,
    EquatableArray<InputTypeModel> DerivedInputTypes,
    EquatableArray<InterfaceModel> Interfaces,
    EquatableArray<UnionModel> Unions,
    EquatableArray<ScalarModel> Scalars,
    EquatableArray<DirectiveModel> Directives,
    EquatableArray<ResolvedQuery> Queries,
    EquatableArray<ResolvedMutation> Mutations,
    EquatableArray<ResolvedSubscription> Subscriptions,
    EquatableArray<PublishModel> Publishes,
    EquatableArray<HandlerModel> Handlers,
    EquatableArray<HandlerModel> Responders,
    EquatableArray<SubjectConstant> Subjects,
    EquatableArray<DiagnosticInfo> Diagnostics,
    bool HasErrors);
