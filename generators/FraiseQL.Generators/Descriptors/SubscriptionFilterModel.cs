namespace FraiseQL.Generators.Descriptors;

internal sealed record SubscriptionFilterModel(string Argument, EquatableArray<string> Path);
