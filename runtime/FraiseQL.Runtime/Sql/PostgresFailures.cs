using System.Net.Sockets;
using FraiseQL.Execution;
using Npgsql;

namespace FraiseQL.Sql;

/// <summary>Classifies Npgsql failures: PostgreSQL unreachable, statement timed out, or a real SQL error.</summary>
internal static class PostgresFailures
{
    /// <summary>Server down, connection refused/reset, admin shutdown (57P01..57P03), cannot connect now, pool exhausted.</summary>
    public static bool IsUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException pg:
                    return pg.SqlState is "57P01" or "57P02" or "57P03" or "53300" || pg.SqlState.StartsWith("08", StringComparison.Ordinal);
                case SocketException:
                case EndOfStreamException:
                case IOException:
                    return true;
                case NpgsqlException npgsql when npgsql.Message.Contains("pool", StringComparison.OrdinalIgnoreCase)
                                               || npgsql.Message.Contains("connect", StringComparison.OrdinalIgnoreCase)
                                               || npgsql.Message.Contains("broken", StringComparison.OrdinalIgnoreCase):
                    return true;
            }
        }
        return false;
    }

    /// <summary>Npgsql's own command timeout, or PostgreSQL's statement_timeout (57014 without our cancellation).</summary>
    public static bool IsTimeout(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is TimeoutException || e is PostgresException { SqlState: "57014" })
            {
                return true;
            }
        }
        return false;
    }

    public static GraphQLErrorException Unavailable(FieldSelection field) =>
        SqlErrors.Create(field, "The database is unavailable (PostgreSQL cannot be reached); try again shortly.", "SERVICE_UNAVAILABLE",
            new Dictionary<string, object?> { ["httpStatus"] = 503 });

    public static GraphQLErrorException Timeout(FieldSelection field) =>
        SqlErrors.Create(field, $"'{field.ResponseName}' took longer than the request timeout; its SQL statement was cancelled.", "TIMEOUT",
            new Dictionary<string, object?> { ["httpStatus"] = 504 });

    public static GraphQLErrorException Internal(FieldSelection field, string correlationId) =>
        SqlErrors.Create(field, $"'{field.ResponseName}' failed in the database (correlation id {correlationId}; details are in the server log).", "INTERNAL_SERVER_ERROR");
}
