namespace FraiseQL.Runtime.Security.Configuration;

/// <summary><c>[[security.role_definitions]]</c>: the scopes a role grants.</summary>
public sealed class RoleDefinition
{
    public required string Name { get; init; }
    public string? Description { get; init; }
    public IReadOnlyList<string> Scopes { get; init; } = [];
}
