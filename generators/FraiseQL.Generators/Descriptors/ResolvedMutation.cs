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
