namespace FraiseQL.Generators.Configuration;

/// <summary>The keys FraiseQL's schema.json format defines, per object kind (FORMATS part C).</summary>
internal static class SchemaKeys
{
    public static readonly string[] Root =
    {
        "version", "types", "enums", "input_types", "interfaces", "unions", "queries", "mutations", "subscriptions",
        "fragments", "directives", "fact_tables", "aggregate_queries", "observers", "sources", "custom_scalars",
        "security", "auth", "observers_config", "federation_config", "federation", "subscriptions_config",
        "validation_config", "debug_config", "mcp_config", "rest_config", "grpc_config", "hierarchies_config",
        "changelog_config", "query_defaults", "inject_defaults", "naming_convention", "session_variables",
    };

    public static readonly string[] Type =
    {
        "name", "fields", "description", "sql_source", "implements", "requires_role", "is_error", "is_input", "relay",
        "embedded", "subscribable_tables", "subscribable_pre_image",
    };

    public static readonly string[] Field =
    {
        "name", "type", "nullable", "description", "directives", "requires_scope", "on_deny", "vector_config",
        "vector_distance", "authorize", "hierarchy",
    };

    public static readonly string[] Query =
    {
        "name", "return_type", "returns_list", "nullable", "arguments", "description", "sql_source", "jsonb_column",
        "auto_params", "deprecated", "relay", "relay_cursor_type", "count", "inject_params", "read_routing",
        "cache_ttl_seconds", "additional_views", "requires_role", "requires_actor", "rest", "rest_stream",
    };

    public static readonly string[] Mutation =
    {
        "name", "return_type", "returns_list", "nullable", "arguments", "description", "sql_source", "deprecated",
        "inject_params", "requires_role", "requires_actor", "rest", "operation", "invalidates_views",
        "invalidates_fact_tables", "changelog", "changelog_pre_image", "input_style", "cascade",
    };

    public static readonly string[] Subscription =
    {
        "name", "return_type", "arguments", "description", "topic", "filter", "fields", "deprecated", "entity_type",
        "operation", "requires_role", "nullable",
    };

    public static readonly string[] Argument = { "name", "type", "nullable", "default", "description", "deprecated" };

    public static readonly string[] InputType = { "name", "fields", "description" };

    public static readonly string[] InputField = { "name", "type", "nullable", "description", "default", "deprecated" };

    public static readonly string[] Enum = { "name", "values", "description" };

    /// <summary><c>value</c> is our extension: the storage value when it differs from the name.</summary>
    public static readonly string[] EnumValue = { "name", "description", "deprecated", "value" };

    public static readonly string[] Interface = { "name", "fields", "description", "implements" };

    public static readonly string[] Union = { "name", "member_types", "description" };

    public static readonly string[] Scalar = { "name", "description", "specified_by_url", "base_type", "validation_rules" };

    public static readonly string[] Directive = { "name", "locations", "arguments", "repeatable", "description" };

    public static readonly string[] AutoParams = { "where", "order_by", "limit", "offset" };

    public static readonly string[] QueryDefaults = { "where_clause", "order_by", "limit", "offset" };
}
