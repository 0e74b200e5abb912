using System.Collections.Frozen;
using FraiseQL.Schema;

namespace FraiseQL.GraphQL;

/// <summary>
/// The schema as the GraphQL layer sees it: every named type (declared, derived, built-in scalars,
/// introspection meta types), the root types with their fields (list queries get their
/// <c>where</c>/<c>orderBy</c>/<c>limit</c>/<c>offset</c> arguments) and the directives.
/// Built once from the generated <see cref="SchemaDescriptor"/>; validation, execution and
/// introspection all read this one model, so they agree.
/// </summary>
public sealed class ExecutableSchema
{
    public const string QueryTypeName = "Query";
    public const string MutationTypeName = "Mutation";
    public const string SubscriptionTypeName = "Subscription";

    private ExecutableSchema(
        SchemaDescriptor descriptor,
        FrozenDictionary<string, SchemaType> types,
        IReadOnlyList<SchemaType> typeList,
        FrozenDictionary<string, SchemaDirective> directives,
        IReadOnlyList<SchemaDirective> directiveList,
        SchemaField schemaField,
        SchemaField typeField,
        SchemaField typenameField)
    {
        Descriptor = descriptor;
        Types = types;
        TypeList = typeList;
        Directives = directives;
        DirectiveList = directiveList;
        SchemaMetaField = schemaField;
        TypeMetaField = typeField;
        TypenameMetaField = typenameField;
        QueryType = types[QueryTypeName];
        MutationType = types.GetValueOrDefault(MutationTypeName);
        SubscriptionType = types.GetValueOrDefault(SubscriptionTypeName);
    }

    public SchemaDescriptor Descriptor { get; }
    public FrozenDictionary<string, SchemaType> Types { get; }
    /// <summary>Named types in introspection order (user types first, then scalars, then meta types).</summary>
    public IReadOnlyList<SchemaType> TypeList { get; }
    public FrozenDictionary<string, SchemaDirective> Directives { get; }
    public IReadOnlyList<SchemaDirective> DirectiveList { get; }
    public SchemaType QueryType { get; }
    public SchemaType? MutationType { get; }
    public SchemaType? SubscriptionType { get; }
    public SchemaField SchemaMetaField { get; }
    public SchemaField TypeMetaField { get; }
    public SchemaField TypenameMetaField { get; }

    public SchemaType? FindType(string name) => Types.GetValueOrDefault(name);

    /// <summary>A field of a composite type including the meta fields <c>__typename</c> (all) and <c>__schema</c>/<c>__type</c> (query root).</summary>
    public SchemaField? FindField(SchemaType parent, string name)
    {
        if (name == "__typename")
        {
            return parent.IsComposite ? TypenameMetaField : null;
        }
        if (ReferenceEquals(parent, QueryType))
        {
            if (name == "__schema")
            {
                return SchemaMetaField;
            }
            if (name == "__type")
            {
                return TypeMetaField;
            }
        }
        return parent.Fields.GetValueOrDefault(name);
    }

    public SchemaType GetNamed(TypeRef type) => Types[type.NamedType];

    /// <summary>Whether <paramref name="possibleType"/> (an object type) is a possible type of <paramref name="abstractOrObject"/>.</summary>
    public bool IsPossibleType(SchemaType abstractOrObject, SchemaType possibleType) =>
        abstractOrObject.Kind == SchemaTypeKind.Object
            ? ReferenceEquals(abstractOrObject, possibleType)
            : abstractOrObject.PossibleTypes.Contains(possibleType.Name, StringComparer.Ordinal);

    /// <summary>The operation's root type, or null when the schema has none of that kind.</summary>
    public SchemaType? RootType(GraphQLParser.AST.OperationType operation) => operation switch
    {
        GraphQLParser.AST.OperationType.Query => QueryType,
        GraphQLParser.AST.OperationType.Mutation => MutationType,
        GraphQLParser.AST.OperationType.Subscription => SubscriptionType,
        _ => null,
    };

    public static ExecutableSchema Build(SchemaDescriptor descriptor)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        var builder = new ExecutableSchemaBuilder(descriptor);
        var (types, directives) = builder.Build();
        var typeDict = types.ToFrozenDictionary(t => t.Name, StringComparer.Ordinal);
        var schemaField = new SchemaField { Name = "__schema", Type = TypeRef.Parse("__Schema!"), Description = "Access the current type schema of this server." };
        var typeArg = new SchemaInputValue { Name = "name", Type = TypeRef.Parse("String!") };
        var typeField = new SchemaField
        {
            Name = "__type",
            Type = TypeRef.Named("__Type"),
            Description = "Request the type information of a single type.",
            ArgumentList = [typeArg],
            Arguments = new[] { typeArg }.ToFrozenDictionary(a => a.Name, StringComparer.Ordinal),
        };
        var typenameField = new SchemaField { Name = "__typename", Type = TypeRef.Parse("String!"), Description = "The name of the current Object type at runtime." };
        return new ExecutableSchema(
            descriptor,
            typeDict,
            types,
            directives.ToFrozenDictionary(d => d.Name, StringComparer.Ordinal),
            directives,
            schemaField,
            typeField,
            typenameField);
    }
}
