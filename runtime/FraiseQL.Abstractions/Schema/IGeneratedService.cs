namespace FraiseQL.Schema;

/// <summary>
/// Implemented by the generated <c>FraiseQLGenerated</c> class of a service: the compiled schema
/// plus switch-based lookups (no dictionaries built at start, no reflection).
/// </summary>
public interface IGeneratedService
{
    SchemaDescriptor Schema { get; }

    QueryDescriptor? FindQuery(string graphQLName);

    MutationDescriptor? FindMutation(string graphQLName);

    SubscriptionDescriptor? FindSubscription(string graphQLName);

    /// <summary>The [[observers.subscribe]] entry handling events on an exact subject, or null.</summary>
    SubscribeDescriptor? FindHandler(string subject);
}
