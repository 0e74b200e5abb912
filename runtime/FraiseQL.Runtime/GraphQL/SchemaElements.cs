using System.Collections.Frozen;
using FraiseQL.Schema;

namespace FraiseQL.GraphQL;

/// <summary>A named type of the executable schema (user types, derived inputs, scalars, introspection types).</summary>
public sealed class SchemaType
{
    public required string Name { get; init; }
    public required SchemaTypeKind Kind { get; init; }
    public string? Description { get; init; }
    /// <summary>Object / interface fields in declaration order (excluding <c>__typename</c> and meta fields).</summary>
    public IReadOnlyList<SchemaField> FieldList { get; init; } = [];
    public FrozenDictionary<string, SchemaField> Fields { get; init; } = FrozenDictionary<string, SchemaField>.Empty;
    public IReadOnlyList<string> Interfaces { get; init; } = [];
    /// <summary>Concrete object types for unions and interfaces (the type itself for objects).</summary>
    public IReadOnlyList<string> PossibleTypes { get; init; } = [];
    public IReadOnlyList<SchemaEnumValue> EnumValues { get; init; } = [];
    public FrozenDictionary<string, SchemaEnumValue> EnumValuesByName { get; init; } = FrozenDictionary<string, SchemaEnumValue>.Empty;
    public IReadOnlyList<SchemaInputValue> InputFieldList { get; init; } = [];
    public FrozenDictionary<string, SchemaInputValue> InputFields { get; init; } = FrozenDictionary<string, SchemaInputValue>.Empty;
    public string? SpecifiedByUrl { get; init; }
    /// <summary>For custom scalars: the built-in scalar whose input rules apply (null = any JSON value).</summary>
    public string? ScalarBase { get; init; }
    /// <summary>Introspection meta types are answered by the runtime, never by SQL.</summary>
    public bool IsIntrospection { get; init; }

    public bool IsComposite => Kind is SchemaTypeKind.Object or SchemaTypeKind.Interface or SchemaTypeKind.Union;
    public bool IsLeaf => Kind is SchemaTypeKind.Scalar or SchemaTypeKind.Enum;
    public bool IsAbstract => Kind is SchemaTypeKind.Interface or SchemaTypeKind.Union;
    public bool IsInput => Kind is SchemaTypeKind.Scalar or SchemaTypeKind.Enum or SchemaTypeKind.InputObject;
}

/// <summary>A field of an object or interface type (root fields carry their descriptor).</summary>
public sealed class SchemaField
{
    public required string Name { get; init; }
    public required TypeRef Type { get; init; }
    public string? Description { get; init; }
    public string? DeprecationReason { get; init; }
    public IReadOnlyList<SchemaInputValue> ArgumentList { get; init; } = [];
    public FrozenDictionary<string, SchemaInputValue> Arguments { get; init; } = FrozenDictionary<string, SchemaInputValue>.Empty;
    public QueryDescriptor? Query { get; init; }
    public MutationDescriptor? Mutation { get; init; }
    public SubscriptionDescriptor? Subscription { get; init; }
}

/// <summary>An argument, input field or directive argument.</summary>
public sealed class SchemaInputValue
{
    public required string Name { get; init; }
    public required TypeRef Type { get; init; }
    public string? Description { get; init; }
    /// <summary>Default value as JSON text (converted to GraphQL syntax for introspection), or null.</summary>
    public string? DefaultValueJson { get; init; }
    public string? DeprecationReason { get; init; }
}

public sealed class SchemaEnumValue
{
    public required string Name { get; init; }
    public required string StorageValue { get; init; }
    public string? Description { get; init; }
    public string? DeprecationReason { get; init; }
}

public sealed class SchemaDirective
{
    public required string Name { get; init; }
    public string? Description { get; init; }
    public required IReadOnlyList<string> Locations { get; init; }
    public IReadOnlyList<SchemaInputValue> ArgumentList { get; init; } = [];
    public FrozenDictionary<string, SchemaInputValue> Arguments { get; init; } = FrozenDictionary<string, SchemaInputValue>.Empty;
    public bool IsRepeatable { get; init; }
}
