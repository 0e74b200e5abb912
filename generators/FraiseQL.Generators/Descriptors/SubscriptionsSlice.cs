namespace FraiseQL.Generators.Descriptors;

/// <summary>Input of Subscriptions.g.cs.</summary>
internal sealed record SubscriptionsSlice(string Namespace, EquatableArray<ResolvedSubscription> Subscriptions);
