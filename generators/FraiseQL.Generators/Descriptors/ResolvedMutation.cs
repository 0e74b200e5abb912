namespace FraiseQL.Generators.Descriptors;

/// <summary>A mutation ready to emit: the fn_* call with its positional, typed parameters.</summary>
internal sealed record ResolvedMutation(
    MutationModel Declared,
    string CSharpName,
    string QuotedFunction,
    string Sql,
    EquatableArray<SqlParameterModel> Parameters,
    EquatableArray<InjectParamModel> InjectParams,
    string? RequiresRole,
    EquatableArray<PublishModel> Publishes);

/// <summary>One positional SQL parameter. <paramref name="DbType"/> is C# text such as
/// <c>NpgsqlDbType.Array | NpgsqlDbType.Text</c>; <paramref name="Source"/> an SqlParameterSource member name.</summary>
internal sealed record SqlParameterModel(string Name, string Source, EquatableArray<string> Path, string GraphQLType, string DbType);
