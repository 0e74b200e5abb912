using FraiseQL.Events;
using FraiseQL.Runtime.Security.Session;
using FraiseQL.Schema;
using FraiseQL.Sql;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace FraiseQL.Hosting;

/// <summary>
/// <c>&lt;service&gt; check</c>: checks the database at <c>[database] url</c> against the SQL the generated schema calls
/// (<see cref="SqlContractCheck"/>), without applying migrations or changing anything. One line per problem and exit
/// code 1, else <c>check: N view(s), M function(s): ok</c> and exit code 0.
/// </summary>
internal static class CheckCommand
{
    public const string Usage = "usage: <service> check";

    public static async Task<int> RunAsync(string[] args, IServiceProvider services, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (args.Length > 1)
        {
            await error.WriteLineAsync($"check: unexpected argument \"{args[1]}\"\n{Usage}").ConfigureAwait(false);
            return 2;
        }
        if (services.GetService<NpgsqlDataSource>() is not { } dataSource)
        {
            await error.WriteLineAsync("check: fraiseql.toml has no [database] url").ConfigureAwait(false);
            return 2;
        }
        var schema = services.GetRequiredService<IGeneratedService>().Schema;
        var responders = services.GetService<FraiseQLEventsOptions>() is { } events
            ? EventsServiceCollectionExtensions.Responders(schema, events)
            : schema.Responds;
        // with event identity on, a subscribe handler may take the context document besides (EventHandlerInvoker)
        var handlersMayTakeContext = services.GetService<PostgresSessionInitializer>() is not null;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var report = await SqlContractCheck.RunAsync(connection, schema, responders, handlersMayTakeContext, cancellationToken).ConfigureAwait(false);
        foreach (var problem in report.Problems)
        {
            await output.WriteLineAsync(problem).ConfigureAwait(false);
        }
        if (report.Problems.Count > 0)
        {
            await output.WriteLineAsync($"check: {report.Problems.Count} problem(s) in {report.Views} view(s), {report.Functions} function(s)").ConfigureAwait(false);
            return 1;
        }
        await output.WriteLineAsync($"check: checked {report.Views} view(s), {report.Functions} function(s): ok").ConfigureAwait(false);
        return 0;
    }
}
