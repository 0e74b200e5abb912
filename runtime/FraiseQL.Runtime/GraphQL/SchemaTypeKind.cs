namespace FraiseQL.GraphQL;

/// <summary>The <c>__TypeKind</c> of a named type.</summary>
public enum SchemaTypeKind
{
    Scalar,
    Object,
    Interface,
    Union,
    Enum,
    InputObject,
}
