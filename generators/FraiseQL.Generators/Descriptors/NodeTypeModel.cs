namespace FraiseQL.Generators.Descriptors;

/// <summary>
/// A branch of the <c>node(id)</c> query for a type it can return (<c>"relay": true</c> on the type): the view
/// (quoted), JSONB column (quoted), injected parameters (row tenancy, ownership) and role of a query that returns the
/// type, or the type's own when no query does. A type has one branch per query that differs in these.
/// </summary>
internal sealed record NodeTypeModel(
    string TypeName,
    string QuotedSqlSource,
    string QuotedJsonbColumn,
    EquatableArray<InjectParamModel> InjectParams,
    string? RequiresRole);
