using System.Globalization;
using System.Text.Json;
using FraiseQL.Execution;
using FraiseQL.GraphQL;
using FraiseQL.Sql;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace FraiseQL.Hosting;

/// <summary>
/// <c>&lt;service&gt; sql '&lt;GraphQL document&gt;' ['&lt;variables JSON&gt;'] [--operation &lt;name&gt;]</c>: prints the
/// statement each query root field would run, and its parameters, without connecting to PostgreSQL. The
/// caller is anonymous (root fields that need a claim report the error they would get). For EXPLAIN,
/// pgbench, or reading what a selection costs.
/// </summary>
internal static class ShowSqlCommand
{
    public const string Usage = "usage: <service> sql '<GraphQL document>' ['<variables JSON>'] [--operation <name>]";

    public static async Task<int> RunAsync(string[] args, IServiceProvider services, TextWriter output, TextWriter error)
    {
        string? document = null;
        string? variablesJson = null;
        string? operationName = null;
        for (var i = 1; i < args.Length; i++)
        {
            if (args[i] == "--operation" && i + 1 < args.Length)
            {
                operationName = args[++i];
            }
            else if (document is null)
            {
                document = args[i];
            }
            else if (variablesJson is null)
            {
                variablesJson = args[i];
            }
            else
            {
                await error.WriteLineAsync($"sql: unexpected argument \"{args[i]}\"\n{Usage}").ConfigureAwait(false);
                return 2;
            }
        }
        if (string.IsNullOrWhiteSpace(document))
        {
            await error.WriteLineAsync(Usage).ConfigureAwait(false);
            return 2;
        }
        if (services.GetService<PostgresRootFieldExecutor>() is not { } sql)
        {
            await error.WriteLineAsync("sql: fraiseql.toml has no [database] url, so there is no SQL to show").ConfigureAwait(false);
            return 2;
        }
        JsonElement? variables = null;
        if (variablesJson is not null)
        {
            try
            {
                using var parsed = JsonDocument.Parse(variablesJson);
                variables = parsed.RootElement.Clone();
            }
            catch (JsonException ex)
            {
                await error.WriteLineAsync($"sql: the variables are not valid JSON: {ex.Message}").ConfigureAwait(false);
                return 2;
            }
        }
        var prepared = services.GetRequiredService<GraphQLExecutor>().Prepare(new GraphQLRequest
        {
            Query = document,
            OperationName = operationName,
            Variables = variables,
        });
        if (!prepared.IsReady)
        {
            foreach (var e in prepared.Errors)
            {
                await error.WriteLineAsync($"sql: {e.Code}: {e.Message}").ConfigureAwait(false);
            }
            return 1;
        }
        var context = new RequestContext { CorrelationId = "sql-command" };
        var failed = false;
        foreach (var root in prepared.RootFields)
        {
            var name = root.Selection.ResponseName;
            if (root.Field.Query is not { } query)
            {
                await output.WriteLineAsync($"-- {name}: {(root.Field.Mutation is null ? "answered in process" : "a mutation (runs its fn_* in a transaction)")}, no query SQL").ConfigureAwait(false);
                continue;
            }
            try
            {
                var (text, parameters) = sql.CompileQuery(query, root.Selection, context);
                await output.WriteLineAsync($"-- {name}").ConfigureAwait(false);
                await output.WriteLineAsync(text + ";").ConfigureAwait(false);
                for (var i = 0; i < parameters.Count; i++)
                {
                    await output.WriteLineAsync($"-- ${i + 1} {TypeOf(parameters[i])} = {ValueOf(parameters[i])}").ConfigureAwait(false);
                }
            }
            catch (GraphQLErrorException ex)
            {
                failed = true;
                await error.WriteLineAsync($"sql: {name}: {ex.Error.Code}: {ex.Error.Message}").ConfigureAwait(false);
            }
        }
        return failed ? 1 : 0;
    }

    private static string TypeOf(NpgsqlParameter parameter) =>
        parameter.DataTypeName ?? parameter.NpgsqlDbType.ToString().ToLowerInvariant();

    private static string ValueOf(NpgsqlParameter parameter) => parameter.Value switch
    {
        null or DBNull => "NULL",
        string s => s,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        System.Collections.IEnumerable list => "{" + string.Join(",", list.Cast<object?>().Select(v => Convert.ToString(v, CultureInfo.InvariantCulture))) + "}",
        var other => other.ToString() ?? "",
    };
}
