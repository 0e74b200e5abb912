namespace FraiseQL.Runtime.Security.Authorization;

/// <summary>The GraphQL operation type whose root fields are being authorized.</summary>
public enum OperationKind
{
    Query,
    Mutation,
    Subscription,
}
