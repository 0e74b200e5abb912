using FraiseQL.Generators.Diagnostics;

namespace FraiseQL.Generators.Descriptors;

/// <summary>Everything schema.json declared, parsed, plus the diagnostics found while reading it.</summary>
internal sealed record SchemaModel(
    string FilePath,
    string Version,
    bool PreserveNames,
    EquatableArray<ObjectTypeModel> Types,
    EquatableArray<EnumModel> Enums,
    EquatableArray<InputTypeModel> InputTypes,
    EquatableArray<InterfaceModel> Interfaces,
    EquatableArray<UnionModel> Unions,
    EquatableArray<ScalarModel> Scalars,
    EquatableArray<DirectiveModel> Directives,
    EquatableArray<QueryModel> Queries,
    EquatableArray<MutationModel> Mutations,
    EquatableArray<SubscriptionModel> Subscriptions,
    AutoParamsModel? QueryDefaults,
    EquatableArray<InjectParamModel> InjectDefaultsQueries,
    EquatableArray<InjectParamModel> InjectDefaultsMutations,
    EquatableArray<DiagnosticInfo> Diagnostics);
