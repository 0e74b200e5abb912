using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace FraiseQL.Generators.Diagnostics;

/// <summary>Every diagnostic the FraiseQL generator reports. Ranges: FQL00xx syntax and files,
/// FQL01xx schema.json semantics, FQL02xx fraiseql.toml semantics, FQL03xx security.</summary>
internal static class DiagnosticDescriptors
{
    private const string Syntax = "FraiseQL.Syntax";
    private const string Schema = "FraiseQL.Schema";
    private const string Config = "FraiseQL.Config";
    private const string Security = "FraiseQL.Security";

    public static readonly DiagnosticDescriptor MalformedJson = Error("FQL0001", Syntax,
        "schema.json is not valid JSON",
        "schema.json is not valid JSON: {0}. Fix the JSON at this position.");

    public static readonly DiagnosticDescriptor MalformedToml = Error("FQL0002", Syntax,
        "fraiseql.toml is not valid TOML",
        "fraiseql.toml is not valid TOML: {0}. Fix the TOML at this position.");

    public static readonly DiagnosticDescriptor DuplicateSchemaFile = Error("FQL0003", Syntax,
        "More than one schema.json",
        "The project has more than one schema.json AdditionalFile ({0}); a service has exactly one schema. Remove all but one from <AdditionalFiles>.");

    public static readonly DiagnosticDescriptor DuplicateConfigFile = Error("FQL0004", Syntax,
        "More than one fraiseql.toml",
        "The project has more than one fraiseql.toml AdditionalFile ({0}); a service has exactly one. Remove all but one from <AdditionalFiles>.");

    public static readonly DiagnosticDescriptor ConfigWithoutSchema = Warning("FQL0006", Syntax,
        "fraiseql.toml without schema.json",
        "The project has a fraiseql.toml AdditionalFile but no schema.json, so nothing is generated. Add the service's schema.json to <AdditionalFiles>.");

    public static readonly DiagnosticDescriptor DuplicateJsonKey = Error("FQL0005", Syntax,
        "Duplicate key in a schema.json object",
        "Key \"{0}\" appears more than once in this object (first at line {1}, column {2}); JSON readers disagree on which value wins. Remove one.");

    public static readonly DiagnosticDescriptor UnknownSchemaKey = Warning("FQL0100", Schema,
        "Unknown key in schema.json",
        "Unknown key \"{0}\" in {1}; it is ignored. Known keys here: {2}.");

    public static readonly DiagnosticDescriptor UnknownType = Error("FQL0101", Schema,
        "Unknown type reference",
        "{0} references unknown type \"{1}\". Declare it in types, enums, input_types, interfaces, unions or custom_scalars, or use a built-in scalar (String, Int, Float, Boolean, ID, UUID, DateTime, Date, Time, Json, Decimal).");

    public static readonly DiagnosticDescriptor DuplicateTypeName = Error("FQL0102", Schema,
        "Duplicate type name",
        "Type name \"{0}\" is declared more than once (also as {1}); type names must be unique across types, enums, input types, interfaces, unions and scalars. Rename one.");

    public static readonly DiagnosticDescriptor DuplicateFieldName = Error("FQL0103", Schema,
        "Duplicate field name",
        "{0} declares field \"{1}\" more than once (GraphQL name \"{2}\"). Rename or remove one.");

    public static readonly DiagnosticDescriptor DuplicateOperationName = Error("FQL0104", Schema,
        "Duplicate operation name",
        "{0} \"{1}\" is declared more than once (GraphQL name \"{2}\"). Rename or remove one.");

    public static readonly DiagnosticDescriptor MissingSqlSource = Error("FQL0105", Schema,
        "Operation without sql_source",
        "{0} \"{1}\" has no sql_source. Add \"sql_source\": \"{2}\" naming the {3} it reads{4}.");

    public static readonly DiagnosticDescriptor InvalidSqlIdentifier = Error("FQL0106", Schema,
        "Invalid SQL identifier",
        "\"{0}\" is not a valid SQL identifier for {1}: use name, schema.name or catalog.schema.name, each part a letter or '_' followed by letters, digits, '_' or '$', at most 63 characters.");

    public static readonly DiagnosticDescriptor CSharpKeywordName = Error("FQL0107", Schema,
        "Name is a C# keyword",
        "Type name \"{0}\" is a C# keyword and cannot name a generated C# type. Rename it (e.g. \"{1}\").");

    public static readonly DiagnosticDescriptor PascalCaseCollision = Error("FQL0108", Schema,
        "Names collide after PascalCasing",
        "{0} \"{1}\" and \"{2}\" both become the C# name \"{3}\". Rename one of them.");

    public static readonly DiagnosticDescriptor MissingKey = Error("FQL0109", Schema,
        "Missing or mistyped key",
        "{0}: \"{1}\" {2}. Fix the value.");

    public static readonly DiagnosticDescriptor NotSupportedYet = Warning("FQL0110", Schema,
        "Feature not supported yet",
        "{0} is not supported yet by FraiseQL for .NET and is ignored. Remove it to silence this warning.");

    public static readonly DiagnosticDescriptor InvalidOperation = Error("FQL0111", Schema,
        "Invalid mutation operation",
        "Mutation \"{0}\" has operation \"{1}\"; use CREATE, INSERT, UPDATE, DELETE or CUSTOM.");

    public static readonly DiagnosticDescriptor InvalidTypeString = Error("FQL0112", Schema,
        "Malformed type string",
        "\"{0}\" is not a GraphQL type reference ({1}). Write a name such as \"Order\", a list such as \"[Order!]\", with an optional trailing '!'.");

    public static readonly DiagnosticDescriptor RefusedFeature = Error("FQL0113", Schema,
        "Refused schema feature",
        "{0}. Remove it from schema.json.");

    public static readonly DiagnosticDescriptor ReservedTypeName = Error("FQL0114", Schema,
        "Type name collides with generated code",
        "Type name \"{0}\" collides with a class the generator emits ({0}); rename the type.");

    public static readonly DiagnosticDescriptor InterfaceNotImplemented = Error("FQL0115", Schema,
        "Type does not implement its interface",
        "Type \"{0}\" implements \"{1}\" but {2}. GraphQL requires every field of the interface, with the same arguments and a type the interface allows.");

    public static readonly DiagnosticDescriptor UnstableOffsetPages = Warning("FQL0116", Schema,
        "Offset pages without a stable order",
        "Query \"{0}\" pages with limit and offset over type \"{1}\", which has no \"id\" field (ID or UUID, the view's native id column) to order by: a request without an orderBy gets its rows in no defined order, so its pages may repeat or skip rows. Send an orderBy with such requests (ties are then broken by the whole row), expose the view's id as a field, make the query \"relay\": true, or turn offset off (\"auto_params\": {{\"offset\": false}}).");

    public static readonly DiagnosticDescriptor InvalidGraphQLName = Error("FQL0117", Schema,
        "Not a GraphQL name",
        "The name of {0}, \"{1}\", is not a valid GraphQL name: {2}. GraphQL names are ASCII letters, digits and underscores, not starting with a digit.");

    public static readonly DiagnosticDescriptor WrongKindOfType = Error("FQL0118", Schema,
        "Type of the wrong kind",
        "{0} is \"{1}\", {2}, but {3}. {4}");

    public static readonly DiagnosticDescriptor UnknownConfigKey = Warning("FQL0200", Config,
        "Unknown key in fraiseql.toml",
        "Unknown key \"{0}\" in [{1}]; it is ignored. Known keys here: {2}.");

    public static readonly DiagnosticDescriptor PublishUnknownMutation = Error("FQL0201", Config,
        "Publish entry names an unknown mutation",
        "[[observers.publish]] names mutation \"{0}\", which schema.json does not declare. Use one of: {1}.");

    public static readonly DiagnosticDescriptor InvalidSubject = Error("FQL0202", Config,
        "Invalid NATS subject",
        "\"{0}\" is not a valid NATS subject for {1}: {2}.");

    public static readonly DiagnosticDescriptor TopicWithoutSubscription = Error("FQL0203", Config,
        "Subscription topic with no subscription",
        "subscription_topic \"{0}\" matches no subscription in schema.json (by topic, or by name when it has no topic). Declare the subscription or use one of: {1}.");

    public static readonly DiagnosticDescriptor ConflictingSubscribe = Error("FQL0204", Config,
        "Conflicting handlers for one subject",
        "Subject \"{0}\" is subscribed twice with different handlers (\"{1}\" and \"{2}\"); one consumer per subject runs one handler. Keep one entry.");

    public static readonly DiagnosticDescriptor DuplicateSubscribe = Warning("FQL0205", Config,
        "Duplicate subscribe entry",
        "Subject \"{0}\" with handler \"{1}\" is listed twice in [[observers.subscribe]]; remove the duplicate.");

    public static readonly DiagnosticDescriptor RequestUnknownQuery = Error("FQL0206", Config,
        "Request entry names an unknown query",
        "[[observers.request]] names query \"{0}\", which schema.json does not declare. Use one of: {1}.");

    public static readonly DiagnosticDescriptor ConfigNotSupportedYet = Warning("FQL0207", Config,
        "Configuration not supported yet",
        "[{0}] is not supported yet by FraiseQL for .NET and is ignored. Remove it to silence this warning.");

    public static readonly DiagnosticDescriptor ConfigValue = Error("FQL0208", Config,
        "Missing or mistyped fraiseql.toml value",
        "{0}: \"{1}\" {2}. Fix the value.");

    public static readonly DiagnosticDescriptor InvalidHandler = Error("FQL0209", Config,
        "Invalid handler function name",
        "Handler \"{0}\" is not a valid SQL function name: use name or schema.name (letters, digits, '_').");

    public static readonly DiagnosticDescriptor SharedDurableConsumer = Error("FQL0210", Config,
        "Two subjects would share one durable consumer",
        "Subject \"{0}\" and subject \"{1}\" map to the same durable consumer name (<service>-{2}: '.' becomes '_', '*' \"any\", '>' \"all\", other characters '_'); the two subscriptions would take each other's events. Rename one subject.");

    public static readonly DiagnosticDescriptor DuplicateRole = Error("FQL0300", Security,
        "Duplicate role definition",
        "Role \"{0}\" is defined more than once in [[security.role_definitions]]. Merge the entries.");

    public static readonly DiagnosticDescriptor UndefinedRole = Warning("FQL0301", Security,
        "requires_role names an undefined role",
        "{0} requires role \"{1}\", which [[security.role_definitions]] does not define. Define it or fix the name (defined: {2}).");

    public static readonly DiagnosticDescriptor RefusedSecurity = Error("FQL0302", Security,
        "Refused security configuration",
        "{0} has no enforcer in FraiseQL and is refused. Use requires_role / requires_scope and PostgreSQL row-level security instead.");

    public static readonly DiagnosticDescriptor TenantColumnNotInjected = Error("FQL0303", Security,
        "inject_params lacks the tenant column",
        "{0} returns \"{1}\", whose field \"{2}\" is the row-tenancy column ([tenancy] mode = \"row\"), but its inject_params do not include \"{3}\". Add \"{3}\": \"jwt:{4}\" or remove inject_params to get it injected automatically.");

    public static readonly DiagnosticDescriptor InterfaceFieldLacksScope = Error("FQL0304", Security,
        "Interface field does not carry its implementation's requires_scope",
        "Type \"{0}\" implements \"{1}\", and its field \"{2}\" {3}, but {1}.{2} {4}. A selection through the interface (a field of type {1}, or a fragment on it) is authorized by {1}.{2} while the value is read from {0}.{2}, so {0}.{2}'s scope would not be checked. Give {1}.{2} the same requires_scope and on_deny.");

    public static readonly IReadOnlyDictionary<string, DiagnosticDescriptor> ById = BuildIndex();

    private static Dictionary<string, DiagnosticDescriptor> BuildIndex()
    {
        var all = new[]
        {
            MalformedJson, MalformedToml, DuplicateSchemaFile, DuplicateConfigFile, DuplicateJsonKey, ConfigWithoutSchema,
            UnknownSchemaKey, UnknownType, DuplicateTypeName, DuplicateFieldName, DuplicateOperationName,
            MissingSqlSource, InvalidSqlIdentifier, CSharpKeywordName, PascalCaseCollision, MissingKey,
            NotSupportedYet, InvalidOperation, InvalidTypeString, RefusedFeature, ReservedTypeName, InterfaceNotImplemented,
            UnstableOffsetPages, InvalidGraphQLName, WrongKindOfType,
            UnknownConfigKey, PublishUnknownMutation, InvalidSubject, TopicWithoutSubscription,
            ConflictingSubscribe, DuplicateSubscribe, RequestUnknownQuery, ConfigNotSupportedYet, ConfigValue,
            InvalidHandler, SharedDurableConsumer, DuplicateRole, UndefinedRole, RefusedSecurity, TenantColumnNotInjected,
            InterfaceFieldLacksScope,
        };
        var map = new Dictionary<string, DiagnosticDescriptor>();
        foreach (var d in all)
        {
            map.Add(d.Id, d);
        }
        return map;
    }

    private static DiagnosticDescriptor Error(string id, string category, string title, string message) =>
        new(id, title, message, category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static DiagnosticDescriptor Warning(string id, string category, string title, string message) =>
        new(id, title, message, category, DiagnosticSeverity.Warning, isEnabledByDefault: true);
}
