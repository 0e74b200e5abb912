namespace FraiseQL.Generators;

/// <summary>Names of the pipeline steps, for incremental-generator step tracking in tests.</summary>
public static class TrackingNames
{
    public const string SchemaFiles = "SchemaFiles";
    public const string ConfigFiles = "ConfigFiles";
    public const string Options = "Options";
    public const string Config = "Config";
    public const string Schema = "Schema";
    public const string Service = "Service";
    public const string Diagnostics = "Diagnostics";
    public const string Types = "Types";
    public const string Queries = "Queries";
    public const string Mutations = "Mutations";
    public const string Subscriptions = "Subscriptions";
    public const string Subjects = "Subjects";
    public const string Observers = "Observers";
    public const string SchemaOutput = "SchemaOutput";
    public const string Registration = "Registration";
    public const string RegistrationPlaceholder = "RegistrationPlaceholder";
}
