namespace FraiseQL.Generators.Descriptors;

/// <summary>Input of Mutations.g.cs.</summary>
internal sealed record MutationsSlice(string Namespace, EquatableArray<ResolvedMutation> Mutations);
