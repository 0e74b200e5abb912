namespace FraiseQL.Generators.Descriptors;

/// <summary>An operation's GraphQL name and the C# member holding its descriptor.</summary>
internal sealed record OperationName(string GraphQLName, string CSharpMember);
