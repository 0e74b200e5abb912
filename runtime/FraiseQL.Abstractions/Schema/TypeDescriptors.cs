namespace FraiseQL.Schema;

public sealed class ObjectTypeDescriptor
{
    public required string Name { get; init; }
    public string? Description { get; init; }
    public required FieldDescriptor[] Fields { get; init; }
    public string[] Implements { get; init; } = [];
    public string? RequiresRole { get; init; }
    public bool IsError { get; init; }
    public bool Relay { get; init; }
    public bool Embedded { get; init; }
    /// <summary>Type-level sql_source (federation / cascade classification), rarely set.</summary>
    public string? SqlSource { get; init; }
}

public sealed class FieldDescriptor
{
    /// <summary>GraphQL name (camelCase unless naming_convention = "preserve").</summary>
    public required string Name { get; init; }
    /// <summary>Key inside the view's <c>data</c> JSONB (snake_case).</summary>
    public required string StorageKey { get; init; }
    /// <summary>GraphQL type string, e.g. <c>"UUID!"</c>, <c>"[OrderItem!]!"</c>.</summary>
    public required string Type { get; init; }
    public string? Description { get; init; }
    public string? DeprecationReason { get; init; }
    public string? RequiresScope { get; init; }
    /// <summary>"reject" (default) or "mask".</summary>
    public string OnDeny { get; init; } = "reject";
    /// <summary>Marked with the <c>tenant_id</c> directive (row tenancy column).</summary>
    public bool IsTenantColumn { get; init; }
    /// <summary>Arguments, for interface/object fields that take any (rare; introspection only).</summary>
    public ArgumentDescriptor[] Arguments { get; init; } = [];
}

public sealed class ArgumentDescriptor
{
    public required string Name { get; init; }
    /// <summary>Key or column the argument is compared with / passed as (snake_case).</summary>
    public required string StorageKey { get; init; }
    public required string Type { get; init; }
    /// <summary>Default value as JSON text, or null when there is none.</summary>
    public string? DefaultValueJson { get; init; }
    public string? Description { get; init; }
    public string? DeprecationReason { get; init; }
}

public sealed class InterfaceDescriptor
{
    public required string Name { get; init; }
    public string? Description { get; init; }
    public required FieldDescriptor[] Fields { get; init; }
    public string[] Implements { get; init; } = [];
}

public sealed class UnionDescriptor
{
    public required string Name { get; init; }
    public string? Description { get; init; }
    public required string[] MemberTypes { get; init; }
}

public sealed class EnumDescriptor
{
    public required string Name { get; init; }
    public string? Description { get; init; }
    public required EnumValueDescriptor[] Values { get; init; }
}

public sealed class EnumValueDescriptor
{
    /// <summary>GraphQL name (e.g. PENDING).</summary>
    public required string Name { get; init; }
    /// <summary>Value stored in JSONB / passed to SQL (e.g. "pending"); equals Name when not given.</summary>
    public required string StorageValue { get; init; }
    public string? Description { get; init; }
    public string? DeprecationReason { get; init; }
}

public sealed class InputTypeDescriptor
{
    public required string Name { get; init; }
    public string? Description { get; init; }
    public required InputFieldDescriptor[] Fields { get; init; }
    /// <summary>Synthesized by the generator (where/filter/orderBy inputs), not declared by the user.</summary>
    public bool IsDerived { get; init; }
    /// <summary>For derived <c>XWhereInput</c>: the object type it filters. Null otherwise.</summary>
    public string? FilterFor { get; init; }
}

public sealed class InputFieldDescriptor
{
    public required string Name { get; init; }
    public required string StorageKey { get; init; }
    public required string Type { get; init; }
    public string? DefaultValueJson { get; init; }
    public string? Description { get; init; }
    public string? DeprecationReason { get; init; }
}

public sealed class ScalarDescriptor
{
    public required string Name { get; init; }
    public string? Description { get; init; }
    public string? SpecifiedByUrl { get; init; }
    /// <summary>Built-in scalar this one is represented as (e.g. "String").</summary>
    public string? BaseType { get; init; }
}
