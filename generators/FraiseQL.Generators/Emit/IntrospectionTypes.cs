using System.Collections.Generic;

namespace FraiseQL.Generators.Emit;

/// <summary>The introspection system's own types (__Schema, __Type…), which the standard introspection result
/// lists among the schema's types. They are never written to the SDL.</summary>
internal static class IntrospectionTypes
{
    public static IEnumerable<TypeShape> All()
    {
        var includeDeprecated = new List<InputValueShape> { new("includeDeprecated", null, "Boolean", "false", null) };
        var none = new List<InputValueShape>();

        yield return Object("__Schema", "A GraphQL Schema defines the capabilities of a GraphQL server.",
            ("description", "String", none), ("types", "[__Type!]!", none), ("queryType", "__Type!", none),
            ("mutationType", "__Type", none), ("subscriptionType", "__Type", none), ("directives", "[__Directive!]!", none));
        yield return Object("__Type", "The fundamental unit of any GraphQL Schema is the type.",
            ("kind", "__TypeKind!", none), ("name", "String", none), ("description", "String", none), ("specifiedByURL", "String", none),
            ("fields", "[__Field!]", includeDeprecated), ("interfaces", "[__Type!]", none), ("possibleTypes", "[__Type!]", none),
            ("enumValues", "[__EnumValue!]", includeDeprecated), ("inputFields", "[__InputValue!]", includeDeprecated), ("ofType", "__Type", none));
        yield return Enum("__TypeKind", "An enum describing what kind of type a given `__Type` is.",
            "SCALAR", "OBJECT", "INTERFACE", "UNION", "ENUM", "INPUT_OBJECT", "LIST", "NON_NULL");
        yield return Object("__Field", "Object and Interface types are described by a list of Fields, each of which has a name, potentially a list of arguments, and a return type.",
            ("name", "String!", none), ("description", "String", none), ("args", "[__InputValue!]!", includeDeprecated),
            ("type", "__Type!", none), ("isDeprecated", "Boolean!", none), ("deprecationReason", "String", none));
        yield return Object("__InputValue", "Arguments provided to Fields or Directives and the input fields of an InputObject are represented as Input Values which describe their type and optionally a default value.",
            ("name", "String!", none), ("description", "String", none), ("type", "__Type!", none), ("defaultValue", "String", none),
            ("isDeprecated", "Boolean!", none), ("deprecationReason", "String", none));
        yield return Object("__EnumValue", "One possible value for a given Enum.",
            ("name", "String!", none), ("description", "String", none), ("isDeprecated", "Boolean!", none), ("deprecationReason", "String", none));
        yield return Object("__Directive", "A Directive provides a way to describe alternate runtime execution and type validation behavior in a GraphQL document.",
            ("name", "String!", none), ("description", "String", none), ("isRepeatable", "Boolean!", none),
            ("locations", "[__DirectiveLocation!]!", none), ("args", "[__InputValue!]!", includeDeprecated));
        yield return Enum("__DirectiveLocation", "A Directive can be adjacent to many parts of the GraphQL language.",
            "QUERY", "MUTATION", "SUBSCRIPTION", "FIELD", "FRAGMENT_DEFINITION", "FRAGMENT_SPREAD", "INLINE_FRAGMENT",
            "VARIABLE_DEFINITION", "SCHEMA", "SCALAR", "OBJECT", "FIELD_DEFINITION", "ARGUMENT_DEFINITION", "INTERFACE", "UNION",
            "ENUM", "ENUM_VALUE", "INPUT_OBJECT", "INPUT_FIELD_DEFINITION");
    }

    private static TypeShape Object(string name, string description, params (string Name, string Type, List<InputValueShape> Args)[] fields)
    {
        var type = new TypeShape("OBJECT", name, description) { IsBuiltIn = true };
        foreach (var (fieldName, fieldType, args) in fields)
        {
            type.Fields.Add(new FieldShape(fieldName, null, args, fieldType, null));
        }
        return type;
    }

    private static TypeShape Enum(string name, string description, params string[] values)
    {
        var type = new TypeShape("ENUM", name, description) { IsBuiltIn = true };
        foreach (var v in values)
        {
            type.EnumValues.Add(new EnumValueShape(v, null, null));
        }
        return type;
    }
}
