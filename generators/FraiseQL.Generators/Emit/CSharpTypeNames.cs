using System.Collections.Generic;
using FraiseQL.Generators.Descriptors;

namespace FraiseQL.Generators.Emit;

/// <summary>GraphQL type → C# type text for the generated records.</summary>
internal sealed class CSharpTypeNames
{
    private readonly Dictionary<string, string> _named = new(System.StringComparer.Ordinal);

    public CSharpTypeNames(TypesSlice slice)
    {
        foreach (var t in slice.Types)
        {
            _named[t.Name] = NameCasing.ToPascal(t.Name);
        }
        foreach (var e in slice.Enums)
        {
            _named[e.Name] = NameCasing.ToPascal(e.Name);
        }
        foreach (var i in slice.InputTypes)
        {
            _named[i.Name] = NameCasing.ToPascal(i.Name);
        }
        foreach (var i in slice.Interfaces)
        {
            _named[i.Name] = InterfaceName(i.Name);
        }
        foreach (var u in slice.Unions)
        {
            _named[u.Name] = InterfaceName(u.Name);
        }
        foreach (var s in slice.Scalars)
        {
            _named[s.Name] = "string";
        }
    }

    public static string InterfaceName(string graphQLName) => "I" + NameCasing.ToPascal(graphQLName);

    /// <summary>Enum value types need <c>?</c> for nullability; reference types too (nullable annotations).</summary>
    public string For(string graphQLType)
    {
        var nonNull = GraphQLTypeString.IsNonNull(graphQLType);
        string core;
        if (GraphQLTypeString.IsList(graphQLType))
        {
            core = "global::System.Collections.Generic.IReadOnlyList<" + For(GraphQLTypeString.ElementType(graphQLType)) + ">";
        }
        else
        {
            var name = GraphQLTypeString.NamedType(graphQLType);
            core = name switch
            {
                "String" or "ID" => "string",
                "Int" => "int",
                "Float" => "double",
                "Boolean" => "bool",
                "Decimal" => "decimal",
                "UUID" => "global::System.Guid",
                "DateTime" => "global::System.DateTimeOffset",
                "Date" => "global::System.DateOnly",
                "Time" => "global::System.TimeOnly",
                "JSON" => "global::System.Text.Json.JsonElement",
                _ => _named.TryGetValue(name, out var n) ? n : "global::System.Text.Json.JsonElement",
            };
        }
        return nonNull ? core : core + "?";
    }
}
