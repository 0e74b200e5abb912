using System.Buffers;
using System.Text;
using System.Text.Json;
using FraiseQL.Events;
using FraiseQL.Execution;
using FraiseQL.Migrations;
using FraiseQL.Schema;
using FraiseQL.Sql;
using FraiseQL.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace FraiseQL.Integration.Tests.Sql;

/// <summary>
/// One database of the shared PostgreSQL server, migrated by <see cref="FraiseQLDatabaseMigrator"/>
/// from a service's migrations folder, with a <see cref="PostgresRootFieldExecutor"/> over it.
/// Dropped on dispose.
/// </summary>
public sealed class SqlTestDatabase : IAsyncDisposable
{
    private SqlTestDatabase(PostgresServer server, string name, NpgsqlDataSource dataSource, PostgresRootFieldExecutor executor)
    {
        Server = server;
        Name = name;
        DataSource = dataSource;
        Executor = executor;
    }

    public PostgresServer Server { get; }
    public string Name { get; }
    public NpgsqlDataSource DataSource { get; }
    public PostgresRootFieldExecutor Executor { get; }
    public string ConnectionString => Server.ConnectionString(Name);

    public static string RepositoryRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "FraiseQL.sln")))
            {
                dir = dir.Parent;
            }
            return dir?.FullName ?? throw new InvalidOperationException("FraiseQL.sln not found above " + AppContext.BaseDirectory);
        }
    }

    public static string MigrationsOf(string service) => Path.Combine(RepositoryRoot, "example-services", service, "migrations");

    public static async Task<SqlTestDatabase> CreateAsync(PostgresServer server, SchemaDescriptor schema, string? migrations,
        string? extraSql = null, FraiseQLPostgresOptions? options = null, IMutationEventSink? sink = null, ISqlSessionInitializer? session = null,
        ResultCacheViews? views = null)
    {
        var name = await server.CreateDatabaseAsync("sql");
        options ??= new FraiseQLPostgresOptions();
        options.ConnectionString = server.ConnectionString(name);
        var dataSource = NpgsqlDataSource.Create(PostgresConnectionStrings.Build(options).ConnectionString);
        await new FraiseQLDatabaseMigrator(dataSource, NullLogger.Instance).ApplyAsync(migrations ?? Path.Combine(Path.GetTempPath(), "fraiseql-no-migrations"), default);
        if (extraSql is not null)
        {
            await server.ExecuteScriptAsync(name, extraSql);
        }
        var executor = new PostgresRootFieldExecutor(dataSource, new SchemaIndex(schema), options, NullLogger<PostgresRootFieldExecutor>.Instance, session, sink, resultCacheViews: views);
        return new SqlTestDatabase(server, name, dataSource, executor);
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public async Task<string> QueryAsync(QueryDescriptor query, FieldSelection field, RequestContext? context = null, CancellationToken cancellationToken = default)
    {
        var buffer = new ArrayBufferWriter<byte>();
        await Executor.ExecuteQueryAsync(query, field, context ?? RequestContext.Anonymous("test"), buffer, cancellationToken);
        return Json.Normalize(Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    public async Task<string> MutateAsync(MutationDescriptor mutation, FieldSelection field, RequestContext? context = null, CancellationToken cancellationToken = default)
    {
        var buffer = new ArrayBufferWriter<byte>();
        await Executor.ExecuteMutationAsync(mutation, field, context ?? RequestContext.Anonymous("test"), buffer, cancellationToken);
        return Json.Normalize(Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        try
        {
            await using var admin = new NpgsqlConnection(Server.AdminConnectionString);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException)
        {
            // server already gone (its whole data directory is removed with it)
        }
    }
}

/// <summary>JSON helpers for assertions: compact re-serialization keeping key order.</summary>
public static class Json
{
    public static string Normalize(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            doc.RootElement.WriteTo(writer);
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Single quotes → double quotes, for readable expected values.</summary>
    public static string Q(string json) => Normalize(json.Replace('\'', '"'));
}

/// <summary>Terse builders for validated selections and coerced argument values.</summary>
public static class Sel
{
    public static FieldSelection F(string name, params FieldSelection[] selections) =>
        new() { ResponseName = name, FieldName = name, Selections = selections };

    public static FieldSelection A(string alias, string name, params FieldSelection[] selections) =>
        new() { ResponseName = alias, FieldName = name, Selections = selections };

    public static FieldSelection On(string typeCondition, string name) =>
        new() { ResponseName = name, FieldName = name, TypeCondition = typeCondition };

    public static FieldSelection Args(this FieldSelection field, params (string Name, object? Value)[] arguments) =>
        new()
        {
            ResponseName = field.ResponseName,
            FieldName = field.FieldName,
            Selections = field.Selections,
            TypeCondition = field.TypeCondition,
            Location = new SourceLocation(1, 3),
            Arguments = arguments.ToDictionary(a => a.Name, a => a.Value),
        };

    public static IReadOnlyDictionary<string, object?> Obj(params (string Name, object? Value)[] fields) =>
        fields.ToDictionary(f => f.Name, f => f.Value);

    public static IReadOnlyList<object?> List(params object?[] items) => items;
}
