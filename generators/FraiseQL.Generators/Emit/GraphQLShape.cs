using System.Collections.Generic;

namespace FraiseQL.Generators.Emit;

// The complete GraphQL schema as one neutral shape, rendered twice: as SDL and as introspection JSON.

internal sealed class SchemaShape
{
    public List<TypeShape> Types { get; } = new();
    public List<DirectiveShape> Directives { get; } = new();
    public string QueryType { get; set; } = "Query";
    public string? MutationType { get; set; }
    public string? SubscriptionType { get; set; }
}

internal sealed class TypeShape
{
    public TypeShape(string kind, string name, string? description)
    {
        Kind = kind;
        Name = name;
        Description = description;
    }

    /// <summary>Introspection kind: OBJECT, INTERFACE, UNION, ENUM, INPUT_OBJECT, SCALAR.</summary>
    public string Kind { get; }
    public string Name { get; }
    public string? Description { get; }
    public List<FieldShape> Fields { get; } = new();
    public List<InputValueShape> InputFields { get; } = new();
    public List<string> Interfaces { get; } = new();
    public List<EnumValueShape> EnumValues { get; } = new();
    public List<string> PossibleTypes { get; } = new();
    public string? SpecifiedByUrl { get; set; }
    /// <summary>Built-in scalars are not written to the SDL.</summary>
    public bool IsBuiltIn { get; set; }
}

internal sealed record FieldShape(string Name, string? Description, List<InputValueShape> Args, string Type, string? DeprecationReason);

/// <summary>An argument or input field; <see cref="DefaultValue"/> is a GraphQL literal.</summary>
internal sealed record InputValueShape(string Name, string? Description, string Type, string? DefaultValue, string? DeprecationReason);

internal sealed record EnumValueShape(string Name, string? Description, string? DeprecationReason);

internal sealed record DirectiveShape(string Name, string? Description, List<string> Locations, List<InputValueShape> Args, bool Repeatable);
