using FraiseQL.GraphQL;
using FraiseQL.Schema;
using GraphQLParser.AST;

namespace FraiseQL.Validation;

/// <summary>Conversions and comparisons of type references (AST ↔ <see cref="TypeRef"/>).</summary>
internal static class TypeRefs
{
    public static TypeRef FromAst(GraphQLType type) => type switch
    {
        GraphQLNonNullType nn => TypeRef.NonNullOf(FromAst(nn.Type)),
        GraphQLListType list => TypeRef.ListOf(FromAst(list.Type)),
        GraphQLNamedType named => TypeRef.Named(named.Name.StringValue),
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>Spec §5.8.5 AreTypesCompatible(variableType, locationType).</summary>
    public static bool AreCompatible(TypeRef variableType, TypeRef locationType)
    {
        if (locationType.IsNonNull)
        {
            return variableType.IsNonNull && AreCompatible(variableType.OfType!, locationType.OfType!);
        }
        if (variableType.IsNonNull)
        {
            return AreCompatible(variableType.OfType!, locationType);
        }
        if (locationType.IsList)
        {
            return variableType.IsList && AreCompatible(variableType.OfType!, locationType.OfType!);
        }
        if (variableType.IsList)
        {
            return false;
        }
        return variableType.Name == locationType.Name;
    }

    /// <summary>Whether two composite types can have an object in common (spec §5.5.2.3).</summary>
    public static bool Overlap(ExecutableSchema schema, SchemaType a, SchemaType b)
    {
        if (ReferenceEquals(a, b))
        {
            return true;
        }
        var pa = a.Kind == SchemaTypeKind.Object ? [a.Name] : a.PossibleTypes;
        var pb = b.Kind == SchemaTypeKind.Object ? [b.Name] : b.PossibleTypes;
        return pa.Intersect(pb, StringComparer.Ordinal).Any();
    }
}
