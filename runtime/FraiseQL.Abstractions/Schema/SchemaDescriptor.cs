namespace FraiseQL.Schema;

/// <summary>
/// The whole compiled service: what schema.json and fraiseql.toml declared, as emitted by the
/// FraiseQL generator. Type references are GraphQL type strings such as <c>"[Order!]!"</c>;
/// see <see cref="TypeRef"/>. Every array is in a stable (declaration) order.
/// </summary>
public sealed class SchemaDescriptor
{
    /// <summary>[project].name from fraiseql.toml, else the assembly name.</summary>
    public required string ServiceName { get; init; }

    /// <summary>schema.json's <c>version</c> (default "2.0.0").</summary>
    public string Version { get; init; } = "2.0.0";

    public ObjectTypeDescriptor[] Types { get; init; } = [];
    public InterfaceDescriptor[] Interfaces { get; init; } = [];
    public UnionDescriptor[] Unions { get; init; } = [];
    public EnumDescriptor[] Enums { get; init; } = [];

    /// <summary>Declared input types plus the derived ones (<c>OrderWhereInput</c>, <c>StringFilter</c>,
    /// <c>OrderOrderByInput</c>…), the latter with <see cref="InputTypeDescriptor.IsDerived"/> set.</summary>
    public InputTypeDescriptor[] InputTypes { get; init; } = [];

    /// <summary>Custom scalars (built-ins such as UUID, DateTime, JSON are implied).</summary>
    public ScalarDescriptor[] Scalars { get; init; } = [];

    public QueryDescriptor[] Queries { get; init; } = [];
    public MutationDescriptor[] Mutations { get; init; } = [];
    public SubscriptionDescriptor[] Subscriptions { get; init; } = [];

    /// <summary>[[observers.publish]] entries.</summary>
    public PublishDescriptor[] Publishes { get; init; } = [];

    /// <summary>[[observers.subscribe]] entries.</summary>
    public SubscribeDescriptor[] Subscribes { get; init; } = [];

    /// <summary>[[observers.respond]] entries (request–reply answered by a SQL function).</summary>
    public RespondDescriptor[] Responds { get; init; } = [];

    /// <summary>GraphQL SDL of the complete schema (including derived inputs).</summary>
    public string Sdl { get; init; } = "";

    /// <summary>The result of the standard introspection query as JSON: <c>{"__schema":{…}}</c>.</summary>
    public string IntrospectionJson { get; init; } = "{}";

    /// <summary>Snapshot of fraiseql.toml with <c>${ENV}</c> placeholders left unresolved
    /// (resolved by the runtime at start). Null when the project has no fraiseql.toml.</summary>
    public string? ConfigToml { get; init; }
}
