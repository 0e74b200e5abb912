namespace FraiseQL.Generators.Descriptors;

/// <summary>
/// A type the <c>node(id)</c> query can return (<c>"relay": true</c> on the type): its view (quoted), JSONB column
/// (quoted), injected parameters (row tenancy) and role.
/// </summary>
internal sealed record NodeTypeModel(
    string TypeName,
    string QuotedSqlSource,
    string QuotedJsonbColumn,
    EquatableArray<InjectParamModel> InjectParams,
    string? RequiresRole);
