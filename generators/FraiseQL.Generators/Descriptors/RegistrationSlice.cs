namespace FraiseQL.Generators.Descriptors;

/// <summary>Input of Registration.g.cs: names only, so description edits do not touch it.</summary>
internal sealed record RegistrationSlice(
    string Namespace,
    string ServiceName,
    string Version,
    string? ConfigToml,
    EquatableArray<OperationName> Queries,
    EquatableArray<OperationName> Mutations,
    EquatableArray<OperationName> Subscriptions);
