using FraiseQL.Execution;

namespace FraiseQL.Sql;

/// <summary>Factories for the located GraphQL errors the SQL layer raises.</summary>
internal static class SqlErrors
{
    public static GraphQLErrorException BadUserInput(FieldSelection field, string message) =>
        Create(field, message, "BAD_USER_INPUT");

    public static GraphQLErrorException Create(FieldSelection field, string message, string code, IReadOnlyDictionary<string, object?>? extensions = null) =>
        new(new GraphQLError(message, code)
        {
            Locations = field.Location.Line > 0 ? [field.Location] : [],
            Path = [field.ResponseName],
            Extensions = extensions,
        });
}
