using NpgsqlTypes;

namespace FraiseQL.Schema;

/// <summary>A root Query field reading a <c>v_*</c> view.</summary>
public sealed class QueryDescriptor
{
    public required string Name { get; init; }
    /// <summary>Bare return type name (e.g. "Order").</summary>
    public required string ReturnType { get; init; }
    public bool ReturnsList { get; init; }
    public bool Nullable { get; init; }
    /// <summary>Explicit arguments: each becomes an equality filter on <c>data-&gt;&gt;'storage_key'</c>.</summary>
    public ArgumentDescriptor[] Arguments { get; init; } = [];
    public string? Description { get; init; }
    public string? DeprecationReason { get; init; }
    /// <summary>Quoted relation, ready for SQL: <c>"v_order"</c> or <c>"app"."v_order"</c>.</summary>
    public required string SqlSource { get; init; }
    /// <summary>Quoted JSONB column, default <c>"data"</c>.</summary>
    public string JsonbColumn { get; init; } = "\"data\"";
    public bool HasWhere { get; init; }
    public bool HasOrderBy { get; init; }
    public bool HasLimit { get; init; }
    public bool HasOffset { get; init; }
    /// <summary>Name of the derived where input (e.g. "OrderWhereInput"), when HasWhere.</summary>
    public string? WhereInputType { get; init; }
    /// <summary>
    /// Set on a <c>&lt;query&gt;Count</c> sibling (<c>"count": true</c>): the entity type whose rows it counts. The
    /// query returns <c>Int!</c>: <c>SELECT count(*)</c> over the same view, injected parameters and <c>where</c>.
    /// </summary>
    public string? CountOf { get; init; }
    /// <summary>Set on a <c>"relay": true</c> query: it returns the entity's connection, paged over a cursor column.</summary>
    public RelayDescriptor? Relay { get; init; }
    /// <summary>Set on the <c>node(id)</c> query (<c>"relay": true</c> on types): the types it can return.</summary>
    public NodeTypeDescriptor[] NodeTypes { get; init; } = [];
    public InjectParamDescriptor[] InjectParams { get; init; } = [];
    public string? RequiresRole { get; init; }
    public long? CacheTtlSeconds { get; init; }
    public string[] AdditionalViews { get; init; } = [];
    /// <summary>Resolved over NATS request–reply instead of SQL (fraiseql.toml), else null.</summary>
    public RemoteQueryDescriptor? Remote { get; init; }
}

/// <summary>A value taken from the caller's identity, never from the client.</summary>
/// <summary>
/// A way <c>node(id)</c> finds an object of <see cref="TypeName"/>: the view, JSONB column, injected parameters (row
/// tenancy, ownership) and role of a query that returns the type (or of the type itself, when no query does). A type
/// can have several, one per query that differs in these: the caller finds the object through any branch they pass.
/// </summary>
public sealed class NodeTypeDescriptor
{
    public required string TypeName { get; init; }
    public required string SqlSource { get; init; }
    public string JsonbColumn { get; init; } = "\"data\"";
    public InjectParamDescriptor[] InjectParams { get; init; } = [];
    /// <summary>The branch's role (its query's <c>requires_role</c>, else the type's). The type's own
    /// <c>requires_role</c> is required besides, as for any query.</summary>
    public string? RequiresRole { get; init; }
}

/// <summary>How a relay query pages: the entity type, the view's cursor column (quoted) and its type.</summary>
public sealed class RelayDescriptor
{
    public required string Entity { get; init; }
    /// <summary>The view's native column the cursor is (quoted, e.g. <c>"pk_order"</c>): unique and ordered.</summary>
    public required string CursorColumn { get; init; }
    /// <summary><c>int64</c> (the default) or <c>uuid</c>.</summary>
    public string CursorType { get; init; } = "int64";
}

public sealed class InjectParamDescriptor
{
    /// <summary>SQL parameter / JSONB key (snake_case), e.g. "tenant_id".</summary>
    public required string Name { get; init; }
    /// <summary>"jwt" (only source today).</summary>
    public string Source { get; init; } = "jwt";
    /// <summary>Claim name, e.g. "sub" or "tenant_id".</summary>
    public required string Claim { get; init; }
}

public sealed class RemoteQueryDescriptor
{
    public required string Subject { get; init; }
    public int TimeoutMs { get; init; } = 2000;
    public int Retries { get; init; }
}

public enum MutationOperation { Custom, Insert, Update, Delete }

/// <summary>A root Mutation field calling an <c>fn_*</c> function that returns mutation_response.</summary>
public sealed class MutationDescriptor
{
    public required string Name { get; init; }
    public required string ReturnType { get; init; }
    public bool ReturnsList { get; init; }
    public bool Nullable { get; init; }
    public ArgumentDescriptor[] Arguments { get; init; } = [];
    public string? Description { get; init; }
    public string? DeprecationReason { get; init; }
    /// <summary>Quoted function name, e.g. <c>"fn_create_order"</c>.</summary>
    public required string FunctionName { get; init; }
    public MutationOperation Operation { get; init; }
    /// <summary>Complete statement, e.g. <c>SELECT * FROM "fn_create_order"($1, $2)</c>.</summary>
    public required string Sql { get; init; }
    /// <summary>Positional SQL parameters in call order ($1, $2, …), injected ones last.</summary>
    public required SqlParameterDescriptor[] Parameters { get; init; }
    public InjectParamDescriptor[] InjectParams { get; init; } = [];
    public string[] InvalidatesViews { get; init; } = [];
    public string? RequiresRole { get; init; }
    /// <summary>Subjects published after this mutation commits (from [[observers.publish]]).</summary>
    public PublishDescriptor[] Publishes { get; init; } = [];
}

public enum SqlParameterSource
{
    /// <summary>A GraphQL argument or a field of the single <c>input</c> argument.</summary>
    Argument,
    /// <summary>The whole <c>input</c> object as JSONB with snake_case keys.</summary>
    InputAsJsonb,
    /// <summary>An inject_params value from the caller's claims.</summary>
    Injected,
}

public sealed class SqlParameterDescriptor
{
    /// <summary>SQL-side name, e.g. "p_user_id" (documentation; binding is positional).</summary>
    public required string Name { get; init; }
    public required SqlParameterSource Source { get; init; }
    /// <summary>Path into the GraphQL arguments: ["input","userId"] or ["id"]; the claim for Injected.</summary>
    public required string[] Path { get; init; }
    /// <summary>GraphQL type string of the value.</summary>
    public required string GraphQLType { get; init; }
    public required NpgsqlDbType DbType { get; init; }
}

public sealed class SubscriptionDescriptor
{
    public required string Name { get; init; }
    public required string ReturnType { get; init; }
    public ArgumentDescriptor[] Arguments { get; init; } = [];
    public string? Description { get; init; }
    public string? DeprecationReason { get; init; }
    /// <summary>Topic this subscription listens to (defaults to its name).</summary>
    public required string Topic { get; init; }
    public string? EntityType { get; init; }
    /// <summary>CREATE / UPDATE / DELETE or null.</summary>
    public string? Operation { get; init; }
    /// <summary>Argument → JSON path filters (from schema.json filter.conditions, or one per argument).</summary>
    public SubscriptionFilterDescriptor[] Filters { get; init; } = [];
    public string? RequiresRole { get; init; }
    /// <summary>NATS subjects whose events feed this subscription (publish entries naming its topic).</summary>
    public string[] Subjects { get; init; } = [];
}

public sealed class SubscriptionFilterDescriptor
{
    public required string Argument { get; init; }
    /// <summary>Key path in the event payload, e.g. ["id"] for "$.id".</summary>
    public required string[] Path { get; init; }
}

/// <summary>[[observers.publish]]: after <see cref="Mutation"/> commits, publish on <see cref="Subject"/>.</summary>
public sealed class PublishDescriptor
{
    public required string Mutation { get; init; }
    public required string Subject { get; init; }
    public string? SubscriptionTopic { get; init; }
}

/// <summary>[[observers.subscribe]]: events on <see cref="Subject"/> are handled by SQL function <see cref="Handler"/>.</summary>
public sealed class SubscribeDescriptor
{
    public required string Subject { get; init; }
    public required string Handler { get; init; }
    /// <summary>Statement calling the handler, e.g. <c>SELECT "fn_reserve_inventory"($1::jsonb)</c>.</summary>
    public required string Sql { get; init; }
    /// <summary>Durable consumer name suffix derived from the subject (e.g. "fraiseql_order_created").</summary>
    public required string ConsumerSuffix { get; init; }
    /// <summary>Per-entry override of [observers.consumer] max_deliver, or null.</summary>
    public int? MaxDeliver { get; init; }
    /// <summary>Per-entry override of [observers.consumer] ack_wait_ms, or null.</summary>
    public int? AckWaitMs { get; init; }
    /// <summary>
    /// Views the handler writes (<c>invalidates_views</c>): once its transaction has committed, the result cache drops
    /// every cached query result that read one of them.
    /// </summary>
    public string[] InvalidatesViews { get; init; } = [];
}

/// <summary>[[observers.respond]]: requests on <see cref="Subject"/> are answered by SQL function <see cref="Handler"/>
/// (<c>fn(p_request jsonb) RETURNS jsonb</c>).</summary>
public sealed class RespondDescriptor
{
    public required string Subject { get; init; }
    public required string Handler { get; init; }
    /// <summary>Statement calling the handler, e.g. <c>SELECT "fn_stock_level"($1::jsonb)</c>.</summary>
    public required string Sql { get; init; }
}
