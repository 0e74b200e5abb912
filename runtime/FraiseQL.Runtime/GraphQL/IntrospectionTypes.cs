using System.Collections.Frozen;
using FraiseQL.Schema;

namespace FraiseQL.GraphQL;

/// <summary>The introspection meta types of the GraphQL spec (§4.5), as schema types.</summary>
internal static class IntrospectionTypes
{
    public static IEnumerable<SchemaType> Build()
    {
        var includeDeprecated = new SchemaInputValue { Name = "includeDeprecated", Type = TypeRef.Named("Boolean"), DefaultValueJson = "false" };
        yield return ExecutableSchemaBuilder.Object("__Schema", "A GraphQL Schema defines the capabilities of a GraphQL server.",
        [
            F("description", "String"),
            F("types", "[__Type!]!"),
            F("queryType", "__Type!"),
            F("mutationType", "__Type"),
            F("subscriptionType", "__Type"),
            F("directives", "[__Directive!]!"),
        ], introspection: true);
        yield return ExecutableSchemaBuilder.Object("__Type", "The fundamental unit of any GraphQL Schema is the type.",
        [
            F("kind", "__TypeKind!"),
            F("name", "String"),
            F("description", "String"),
            F("specifiedByURL", "String"),
            F("fields", "[__Field!]", includeDeprecated),
            F("interfaces", "[__Type!]"),
            F("possibleTypes", "[__Type!]"),
            F("enumValues", "[__EnumValue!]", includeDeprecated),
            F("inputFields", "[__InputValue!]", includeDeprecated),
            F("ofType", "__Type"),
            F("isOneOf", "Boolean"),
        ], introspection: true);
        yield return ExecutableSchemaBuilder.Object("__Field", "Object and Interface types are described by a list of Fields.",
        [
            F("name", "String!"),
            F("description", "String"),
            F("args", "[__InputValue!]!", includeDeprecated),
            F("type", "__Type!"),
            F("isDeprecated", "Boolean!"),
            F("deprecationReason", "String"),
        ], introspection: true);
        yield return ExecutableSchemaBuilder.Object("__InputValue", "Arguments and input fields are described by InputValues.",
        [
            F("name", "String!"),
            F("description", "String"),
            F("type", "__Type!"),
            F("defaultValue", "String"),
            F("isDeprecated", "Boolean!"),
            F("deprecationReason", "String"),
        ], introspection: true);
        yield return ExecutableSchemaBuilder.Object("__EnumValue", "One possible value for a given Enum.",
        [
            F("name", "String!"),
            F("description", "String"),
            F("isDeprecated", "Boolean!"),
            F("deprecationReason", "String"),
        ], introspection: true);
        yield return ExecutableSchemaBuilder.Object("__Directive", "A Directive provides a way to describe alternate runtime execution and type validation behavior.",
        [
            F("name", "String!"),
            F("description", "String"),
            F("isRepeatable", "Boolean!"),
            F("locations", "[__DirectiveLocation!]!"),
            F("args", "[__InputValue!]!", includeDeprecated),
        ], introspection: true);
        yield return ExecutableSchemaBuilder.Enum("__TypeKind", "An enum describing what kind of type a given `__Type` is.",
            new[] { "SCALAR", "OBJECT", "INTERFACE", "UNION", "ENUM", "INPUT_OBJECT", "LIST", "NON_NULL" }.Select(V), introspection: true);
        yield return ExecutableSchemaBuilder.Enum("__DirectiveLocation", "A Directive can be adjacent to many parts of the GraphQL language.",
            new[] { "QUERY", "MUTATION", "SUBSCRIPTION", "FIELD", "FRAGMENT_DEFINITION", "FRAGMENT_SPREAD", "INLINE_FRAGMENT", "VARIABLE_DEFINITION",
             "SCHEMA", "SCALAR", "OBJECT", "FIELD_DEFINITION", "ARGUMENT_DEFINITION", "INTERFACE", "UNION", "ENUM", "ENUM_VALUE",
             "INPUT_OBJECT", "INPUT_FIELD_DEFINITION" }.Select(V), introspection: true);
    }

    private static SchemaEnumValue V(string name) => new() { Name = name, StorageValue = name };

    private static SchemaField F(string name, string type, params SchemaInputValue[] args) => new()
    {
        Name = name,
        Type = TypeRef.Parse(type),
        ArgumentList = args,
        Arguments = args.ToFrozenDictionary(a => a.Name, StringComparer.Ordinal),
    };
}
