using FraiseQL.Schema;

namespace FraiseQL.Sql;

/// <summary>
/// Which object type a mutation's success and error results are projected as (FORMATS §1.9):
/// for a union return type the first non-error member and the first <c>is_error</c> member;
/// for an object return type that type and no error type (errors become GraphQL errors).
/// </summary>
internal sealed record MutationResultTypes(string SuccessType, string? ErrorType)
{
    public static MutationResultTypes For(SchemaIndex schema, MutationDescriptor mutation)
    {
        var returnType = TypeRef.Parse(mutation.ReturnType).NamedType;
        if (schema.Unions.TryGetValue(returnType, out var union))
        {
            string? success = null, error = null;
            foreach (var member in union.MemberTypes)
            {
                var isError = schema.Objects.TryGetValue(member, out var obj) && obj.IsError;
                if (isError)
                {
                    error ??= member;
                }
                else
                {
                    success ??= member;
                }
            }
            return new(success ?? returnType, error);
        }
        return new(returnType, null);
    }
}
