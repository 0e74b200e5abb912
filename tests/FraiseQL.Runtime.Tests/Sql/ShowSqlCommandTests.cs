using FraiseQL.Hosting;
using FraiseQL.Runtime.Tests.Support;
using FraiseQL.Sql;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FraiseQL.Runtime.Tests.Sql;

/// <summary><c>&lt;service&gt; sql …</c>: the statement and parameters of each query root field, without a database.</summary>
public sealed class ShowSqlCommandTests
{
    // A data source that would fail to connect: the command must not need one. TestHost has its own "postgres"
    // health check, so the second registration is dropped.
    private static Task<TestHost> StartAsync() =>
        TestHost.StartAsync(services: s =>
        {
            s.AddFraiseQLPostgres(o => o.ConnectionString = "Host=127.0.0.1;Port=1;Database=nowhere");
            s.PostConfigure<HealthCheckServiceOptions>(o =>
            {
                foreach (var duplicate in o.Registrations.Where(r => r.Name == "postgres").Skip(1).ToList())
                {
                    o.Registrations.Remove(duplicate);
                }
            });
        });

    private static async Task<(int Code, string Output, string Error)> RunAsync(TestHost host, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await ShowSqlCommand.RunAsync(["sql", .. args], host.App.Services, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task PrintsEachQueryRootFieldsStatementAndTypedParameters()
    {
        await using var host = await StartAsync();
        var (code, output, error) = await RunAsync(host,
            "query Q($id: UUID!) { order(id: $id) { id total } recent: orders(limit: 5) { id } }",
            "{\"id\":\"6e7f85a9-d0fe-9b5d-fb50-4c6f2991d744\"}");

        Assert.Equal("", error);
        Assert.Equal(0, code);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("-- order", lines[0]);
        Assert.StartsWith("SELECT (concat('{\"id\":', coalesce(to_json(\"data\"->>'id'), 'null'), ',\"total\":', coalesce(\"data\"->'total', 'null'), '}')) FROM", lines[1], StringComparison.Ordinal);
        Assert.EndsWith("FROM (SELECT \"data\" FROM \"v_order\" WHERE \"id\" = $1 LIMIT 1) s;", lines[1], StringComparison.Ordinal);
        Assert.Equal("-- $1 uuid = 6e7f85a9-d0fe-9b5d-fb50-4c6f2991d744", lines[2]);
        Assert.Equal("-- recent", lines[3]);
        Assert.Contains("LIMIT 5) s;", lines[4], StringComparison.Ordinal);
        Assert.Equal(5, lines.Length);
        // the command did not run anything: the recording executor saw no calls
        Assert.Empty(host.Executor.Calls);
    }

    [Fact]
    public async Task AnInvalidDocumentOrBadVariablesFailWithTheGraphQLError()
    {
        await using var host = await StartAsync();
        var invalid = await RunAsync(host, "{ order { nope } }");
        Assert.Equal(1, invalid.Code);
        Assert.Contains("GRAPHQL_VALIDATION_FAILED", invalid.Error, StringComparison.Ordinal);
        Assert.Equal("", invalid.Output);

        var badJson = await RunAsync(host, "query Q($id: UUID!) { order(id: $id) { id } }", "{not json");
        Assert.Equal(2, badJson.Code);
        Assert.Contains("not valid JSON", badJson.Error, StringComparison.Ordinal);

        var missing = await RunAsync(host);
        Assert.Equal(2, missing.Code);
        Assert.Contains("usage: <service> sql", missing.Error, StringComparison.Ordinal);
    }
}
