namespace FraiseQL.Generators.Descriptors;

/// <summary>Input of Schema.g.cs (SDL, introspection, type descriptors).</summary>
internal sealed record SchemaSlice(
    string Namespace,
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
    EquatableArray<ResolvedSubscription> Subscriptions);
