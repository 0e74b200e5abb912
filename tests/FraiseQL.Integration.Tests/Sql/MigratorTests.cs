using FraiseQL.Integration.Tests.Infrastructure;
using FraiseQL.Migrations;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace FraiseQL.Integration.Tests.Sql;

[Collection(ServersCollection.Name)]
public sealed class MigratorTests(ServersFixture servers) : IAsyncLifetime
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("fraiseql-migrations-");
    private string _database = null!;

    private string ConnectionString => servers.Postgres.ConnectionString(_database);

    public async Task InitializeAsync() => _database = await servers.Postgres.CreateDatabaseAsync("migr");

    public async Task DisposeAsync()
    {
        _dir.Delete(recursive: true);
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(servers.Postgres.AdminConnectionString);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }

    private Task<IReadOnlyList<string>> RunAsync() =>
        FraiseQLDatabaseMigrator.RunAsync(ConnectionString, _dir.FullName, NullLogger.Instance, default);

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var conn = new NpgsqlConnection(ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return (T)(await cmd.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task AppliesInFileNameOrderOnceAndCreatesTheBootstrap()
    {
        await File.WriteAllTextAsync(Path.Combine(_dir.FullName, "002_b.sql"), "INSERT INTO t (v) VALUES ('second');");
        await File.WriteAllTextAsync(Path.Combine(_dir.FullName, "001_a.sql"), "CREATE TABLE t (n serial, v text); INSERT INTO t (v) VALUES ('first');");
        await File.WriteAllTextAsync(Path.Combine(_dir.FullName, "README.md"), "not a migration");

        Assert.Equal(["001_a.sql", "002_b.sql"], await RunAsync());
        Assert.Equal("first,second", await ScalarAsync<string>("SELECT string_agg(v, ',' ORDER BY n) FROM t"));
        Assert.Equal(2L, await ScalarAsync<long>("SELECT count(*) FROM fraiseql.schema_migrations WHERE length(checksum) = 64"));
        Assert.Equal(8, await ScalarAsync<int>("SELECT count(*)::int FROM pg_attribute a JOIN pg_type t ON a.attrelid = t.typrelid WHERE t.typname = 'mutation_response' AND a.attnum > 0"));

        // Idempotent: a second run applies nothing and changes nothing.
        Assert.Empty(await RunAsync());
        Assert.Equal(2L, await ScalarAsync<long>("SELECT count(*) FROM t"));

        // A new file is picked up.
        await File.WriteAllTextAsync(Path.Combine(_dir.FullName, "003_c.sql"), "INSERT INTO t (v) VALUES ('third');");
        Assert.Equal(["003_c.sql"], await RunAsync());
    }

    [Fact]
    public async Task RefusesAChangedAppliedMigration()
    {
        var file = Path.Combine(_dir.FullName, "001_a.sql");
        await File.WriteAllTextAsync(file, "CREATE TABLE t (v text);");
        await RunAsync();
        await File.WriteAllTextAsync(file, "CREATE TABLE t (v text, w text);");
        await File.WriteAllTextAsync(Path.Combine(_dir.FullName, "002_b.sql"), "CREATE TABLE u (v text);");

        var e = await Assert.ThrowsAsync<InvalidOperationException>(RunAsync);
        Assert.Contains("Migration '001_a.sql' was changed after it was applied", e.Message, StringComparison.Ordinal);
        Assert.Contains("add a new migration", e.Message, StringComparison.Ordinal);
        Assert.Equal(0L, await ScalarAsync<long>("SELECT count(*) FROM pg_tables WHERE tablename = 'u'"));
    }

    [Fact]
    public async Task AFailingMigrationIsRolledBackAndNamed()
    {
        await File.WriteAllTextAsync(Path.Combine(_dir.FullName, "001_a.sql"), "CREATE TABLE t (v text);");
        await File.WriteAllTextAsync(Path.Combine(_dir.FullName, "002_bad.sql"), "CREATE TABLE half (v text);\nSELEC oops;");
        var e = await Assert.ThrowsAsync<InvalidOperationException>(RunAsync);
        Assert.Equal(
            $"Migration '002_bad.sql' failed at line 2, column 1: 42601 syntax error at or near \"SELEC\" " +
            $"(file {Path.Combine(_dir.FullName, "002_bad.sql")}). Nothing of it was applied.",
            e.Message);
        Assert.Equal(0L, await ScalarAsync<long>("SELECT count(*) FROM pg_tables WHERE tablename = 'half'"));
        Assert.Equal(1L, await ScalarAsync<long>("SELECT count(*) FROM fraiseql.schema_migrations"));
    }

    [Theory]
    // a typo in the fifth statement, after a function whose body holds semicolons, quotes and comments
    [InlineData("SELEC 1;", "SELEC", "42601")]
    // an unknown relation: PostgreSQL points at its name
    [InlineData("CREATE VIEW v_book AS SELECT b.id FROM tb_boook b;", "tb_boook", "42P01")]
    // inside a PL/pgSQL body: PostgreSQL checks it at CREATE FUNCTION and points into it
    [InlineData("CREATE FUNCTION fn_g() RETURNS int AS $fn$\nBEGIN\n  INSRT INTO tb_book VALUES (1);\n  RETURN 1;\nEND $fn$ LANGUAGE plpgsql;", "tb_book", "42601")]
    public async Task AFailingStatementIsNamedByLineAndColumnOfTheFile(string failing, string token, string sqlState)
    {
        // before 2026-12-08 only "at character N of the statement that failed", with nothing saying which statement
        var text =
            "-- books\n" +
            "CREATE TABLE tb_book (id int, title text DEFAULT 'a;b', \"odd;name\" text);\n" +
            "CREATE FUNCTION fn_f(p jsonb) RETURNS text AS $$\n" +
            "BEGIN\n" +
            "  /* a; /* nested; */ comment */ RETURN p->>'x'; -- ; here too\n" +
            "END $$ LANGUAGE plpgsql;\n" +
            "SELECT E'it\\'s;' AS s, (SELECT 1) AS t;\n" +
            "\n" +
            "INSERT INTO tb_book (id) VALUES (1);   \n" +
            "-- the statement that fails:\n" +
            "\n" +
            failing + "\n";
        await File.WriteAllTextAsync(Path.Combine(_dir.FullName, "001_books.sql"), text);
        var at = text.LastIndexOf(token, StringComparison.Ordinal);
        var line = text[..at].Count(c => c == '\n') + 1;
        var column = at - text.LastIndexOf('\n', at - 1);

        var e = await Assert.ThrowsAsync<InvalidOperationException>(RunAsync);
        Assert.StartsWith($"Migration '001_books.sql' failed at line {line}, column {column}: {sqlState} ", e.Message, StringComparison.Ordinal);
        Assert.Contains($"\"{token}\"", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostgreSQLsHintIsKept()
    {
        await File.WriteAllTextAsync(Path.Combine(_dir.FullName, "001_a.sql"), "SELECT fn_missing(1);");
        var e = await Assert.ThrowsAsync<InvalidOperationException>(RunAsync);
        Assert.Contains("at line 1, column 8: 42883 function fn_missing(integer) does not exist (hint: No function matches the given name and argument types.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConcurrentRunsApplyEachFileOnce()
    {
        await File.WriteAllTextAsync(Path.Combine(_dir.FullName, "001_a.sql"), "CREATE TABLE t (v text); SELECT pg_sleep(0.2);");
        await File.WriteAllTextAsync(Path.Combine(_dir.FullName, "002_b.sql"), "INSERT INTO t VALUES ('once');");
        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(RunAsync)));
        Assert.Equal(2, runs.Sum(r => r.Count));
        Assert.Equal(1L, await ScalarAsync<long>("SELECT count(*) FROM t"));
    }

    [Fact]
    public async Task KeepsAnExistingMutationResponseTypeAndAcceptsUrls()
    {
        await using (var conn = new NpgsqlConnection(ConnectionString))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand("CREATE TYPE mutation_response AS (status text, message text)", conn);
            await cmd.ExecuteNonQueryAsync();
        }
        await FraiseQLDatabaseMigrator.RunAsync(servers.Postgres.Url(_database), _dir.FullName, NullLogger.Instance, default);
        Assert.Equal(2, await ScalarAsync<int>("SELECT count(*)::int FROM pg_attribute a JOIN pg_type t ON a.attrelid = t.typrelid WHERE t.typname = 'mutation_response' AND a.attnum > 0"));
    }
}
