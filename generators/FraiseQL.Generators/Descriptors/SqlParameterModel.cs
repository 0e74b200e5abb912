namespace FraiseQL.Generators.Descriptors;

/// <summary>One positional SQL parameter. <paramref name="DbType"/> is C# text such as
/// <c>NpgsqlDbType.Array | NpgsqlDbType.Text</c>; <paramref name="Source"/> an SqlParameterSource member name.</summary>
internal sealed record SqlParameterModel(string Name, string Source, EquatableArray<string> Path, string GraphQLType, string DbType);
