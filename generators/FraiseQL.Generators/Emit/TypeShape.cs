using System.Collections.Generic;

namespace FraiseQL.Generators.Emit;

/// <summary>One named type of the schema (object, interface, union, enum, input object or scalar).</summary>
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
