namespace FraiseQL.Generators.Descriptors;

// The input of each emitter: the part of the ServiceModel one hint file depends on. Each slice is
// value-equatable, so an edit that does not change a slice leaves its output Cached.

/// <summary>Input of Types.g.cs.</summary>
internal sealed record TypesSlice(
    string Namespace,
    EquatableArray<ObjectTypeModel> Types,
    EquatableArray<EnumModel> Enums,
    EquatableArray<InputTypeModel> InputTypes,
    EquatableArray<InterfaceModel> Interfaces,
    EquatableArray<UnionModel> Unions,
    EquatableArray<ScalarModel> Scalars);

/// <summary>Input of Queries.g.cs.</summary>
internal sealed record QueriesSlice(string Namespace, EquatableArray<ResolvedQuery> Queries);

/// <summary>Input of Mutations.g.cs.</summary>
internal sealed record MutationsSlice(string Namespace, EquatableArray<ResolvedMutation> Mutations);

/// <summary>Input of Subscriptions.g.cs.</summary>
internal sealed record SubscriptionsSlice(string Namespace, EquatableArray<ResolvedSubscription> Subscriptions);

/// <summary>Input of Subjects.g.cs.</summary>
internal sealed record SubjectsSlice(string Namespace, EquatableArray<SubjectConstant> Subjects);

/// <summary>Input of Observers.g.cs.</summary>
internal sealed record ObserversSlice(
    string Namespace,
    EquatableArray<PublishModel> Publishes,
    EquatableArray<HandlerModel> Handlers,
    EquatableArray<HandlerModel> Responders);

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

/// <summary>Input of Registration.g.cs: names only, so description edits do not touch it.</summary>
internal sealed record RegistrationSlice(
    string Namespace,
    string ServiceName,
    string Version,
    string? ConfigToml,
    EquatableArray<OperationName> Queries,
    EquatableArray<OperationName> Mutations,
    EquatableArray<OperationName> Subscriptions);

/// <summary>An operation's GraphQL name and the C# member holding its descriptor.</summary>
internal sealed record OperationName(string GraphQLName, string CSharpMember);
