using System;
using FraiseQL.Generators.Descriptors;

namespace FraiseQL.Generators.Validation;

/// <summary>GraphQL type → NpgsqlDbType (as C# text) for typed mutation parameters.</summary>
internal static class DbTypeMapping
{
    /// <param name="kindOf">Named type → "enum", "input", "scalar:&lt;base&gt;", "object" or null when built-in.</param>
    public static string For(string graphQLType, Func<string, string?> kindOf)
    {
        if (GraphQLTypeString.IsList(graphQLType))
        {
            var element = GraphQLTypeString.ElementType(graphQLType);
            if (GraphQLTypeString.IsList(element))
            {
                return "NpgsqlDbType.Jsonb";
            }
            var inner = For(element, kindOf);
            return inner == "NpgsqlDbType.Jsonb" ? "NpgsqlDbType.Jsonb" : "NpgsqlDbType.Array | " + inner;
        }
        return Named(GraphQLTypeString.NamedType(graphQLType), kindOf);
    }

    private static string Named(string name, Func<string, string?> kindOf)
    {
        switch (name)
        {
            case "ID":
            case "UUID":
                return "NpgsqlDbType.Uuid";
            case "String":
                return "NpgsqlDbType.Text";
            case "Int":
                return "NpgsqlDbType.Integer";
            case "Float":
                return "NpgsqlDbType.Double";
            case "Decimal":
                return "NpgsqlDbType.Numeric";
            case "Boolean":
                return "NpgsqlDbType.Boolean";
            case "DateTime":
                return "NpgsqlDbType.TimestampTz";
            case "Date":
                return "NpgsqlDbType.Date";
            case "Time":
                return "NpgsqlDbType.Time";
            case "JSON":
                return "NpgsqlDbType.Jsonb";
        }
        var kind = kindOf(name);
        if (kind == "enum")
        {
            return "NpgsqlDbType.Text";
        }
        if (kind is not null && kind.StartsWith("scalar:", StringComparison.Ordinal))
        {
            var baseType = kind.Substring("scalar:".Length);
            return baseType.Length == 0 || baseType == name ? "NpgsqlDbType.Text" : Named(baseType == "Json" ? "JSON" : baseType, _ => null);
        }
        return kind is null ? "NpgsqlDbType.Text" : "NpgsqlDbType.Jsonb";
    }
}
