namespace FraiseQL.Generators.Descriptors;

/// <summary>A subscription ready to emit, with the NATS subjects that feed it.</summary>
internal sealed record ResolvedSubscription(SubscriptionModel Declared, string CSharpName, EquatableArray<string> Subjects);
