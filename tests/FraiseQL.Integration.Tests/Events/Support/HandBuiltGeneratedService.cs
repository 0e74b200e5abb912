using FraiseQL.Schema;

namespace FraiseQL.Integration.Tests.Events.Support;

/// <summary>Stands in for the generator's FraiseQLGenerated class: lookups over a hand-built descriptor.</summary>
public sealed class HandBuiltGeneratedService(SchemaDescriptor schema) : IGeneratedService
{
    public SchemaDescriptor Schema { get; } = schema;

    public QueryDescriptor? FindQuery(string graphQLName) => Schema.Queries.FirstOrDefault(q => q.Name == graphQLName);

    public MutationDescriptor? FindMutation(string graphQLName) => Schema.Mutations.FirstOrDefault(m => m.Name == graphQLName);

    public SubscriptionDescriptor? FindSubscription(string graphQLName) => Schema.Subscriptions.FirstOrDefault(s => s.Name == graphQLName);

    public SubscribeDescriptor? FindHandler(string subject) => Schema.Subscribes.FirstOrDefault(s => s.Subject == subject);
}
