namespace FraiseQL.Integration.Tests.Http;

/// <summary>
/// The order service's <c>schema</c> and <c>sql</c> commands never connect, so they run where no database is configured
/// (a build that wants the SDL, a CI job): the service's fraiseql.toml reads <c>url = "${DATABASE_URL}"</c>, and without
/// DATABASE_URL they still print, while the commands that connect still say the variable is missing.
/// </summary>
public sealed class OfflineCommandTests : IDisposable
{
    private readonly DirectoryInfo _contentRoot = Directory.CreateTempSubdirectory("fraiseql-offline-");

    public void Dispose() => _contentRoot.Delete(recursive: true);

    [Fact]
    public async Task Schema_prints_the_sdl_without_DATABASE_URL()
    {
        // no fraiseql.toml in the content root: the copy the generator embedded is read, whose url is ${DATABASE_URL}
        var (exitCode, stdout, stderr) = await OrderServiceProcess.RunAsync(_contentRoot.FullName, ["schema"]);

        Assert.True(exitCode == 0, stderr);
        Assert.Contains("type Query {", stdout, StringComparison.Ordinal);
        Assert.Contains("order(id: ID!): Order", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sql_prints_a_querys_sql_without_DATABASE_URL_and_with_a_file_whose_other_variables_are_unset()
    {
        await File.WriteAllTextAsync(Path.Combine(_contentRoot.FullName, "fraiseql.toml"),
            "[project]\nname = \"${SERVICE_NAME_UNSET_IN_TESTS}\"\n[database]\nurl = \"${DATABASE_URL}\"\n");

        var (exitCode, stdout, stderr) = await OrderServiceProcess.RunAsync(_contentRoot.FullName, ["sql", "{ orders(limit: 2) { id } }"]);

        Assert.True(exitCode == 0, stderr);
        Assert.StartsWith("-- orders\n", stdout, StringComparison.Ordinal);
        Assert.Contains("FROM \"v_order\"", stdout, StringComparison.Ordinal);
        Assert.Contains("LIMIT 2", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_command_that_connects_still_needs_DATABASE_URL()
    {
        var (exitCode, _, stderr) = await OrderServiceProcess.RunAsync(_contentRoot.FullName, ["migrate"]);

        Assert.Equal(1, exitCode);
        Assert.Equal(
            "error: fraiseql.toml (embedded by the generator): [database] url: environment variable DATABASE_URL is not set " +
            "(referenced as ${DATABASE_URL}; set it or write ${DATABASE_URL:-default}).",
            stderr.TrimEnd());
    }
}
