using System.Collections.Generic;

namespace FraiseQL.Generators.Emit;

/// <summary>The complete GraphQL schema as one neutral shape, rendered twice: as SDL and as introspection JSON.</summary>
internal sealed class SchemaShape
{
    public List<TypeShape> Types { get; } = new();
    public List<DirectiveShape> Directives { get; } = new();
    public string QueryType { get; set; } = "Query";
    public string? MutationType { get; set; }
    public string? SubscriptionType { get; set; }
}
