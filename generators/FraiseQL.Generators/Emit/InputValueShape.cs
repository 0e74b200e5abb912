namespace FraiseQL.Generators.Emit;

/// <summary>An argument or input field; <see cref="DefaultValue"/> is a GraphQL literal.</summary>
internal sealed record InputValueShape(string Name, string? Description, string Type, string? DefaultValue, string? DeprecationReason);
