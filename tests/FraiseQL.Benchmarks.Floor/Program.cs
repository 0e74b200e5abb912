// The floor for scripts/bench.sh: the least a .NET server can do to answer the two benchmark requests from PostgreSQL.
// ASP.NET Core's slim host with one endpoint, no GraphQL: it reads the body, picks the statement by whether the body
// carries an id, runs the exact SQL text the benchmark service runs (printed by `<service> sql`) on an Npgsql data
// source with the service's connection settings, and writes PostgreSQL's text inside {"data":{…}}. The gap between
// this and the service is what FraiseQL's request pipeline costs; the gap between this and pgbench is what HTTP and
// the .NET socket and thread-pool path cost on the machine.
//
//   FLOOR_SQL_DIR=<dir with by_id.sql and list20.sql> DATABASE_URL=<Npgsql connection string> [FLOOR_MULTIPLEXING=true]
//   ASPNETCORE_URLS=http://127.0.0.1:5698 ./FraiseQL.Benchmarks.Floor
using System.Buffers;
using System.Data;
using FraiseQL.Benchmarks.Floor;
using Npgsql;
using NpgsqlTypes;

var sqlDir = Environment.GetEnvironmentVariable("FLOOR_SQL_DIR") ?? throw new InvalidOperationException("set FLOOR_SQL_DIR");
var byIdSql = File.ReadAllText(Path.Combine(sqlDir, "by_id.sql")).Trim();
var list20Sql = File.ReadAllText(Path.Combine(sqlDir, "list20.sql")).Trim();
var multiplexing = Environment.GetEnvironmentVariable("FLOOR_MULTIPLEXING") == "true";
var connection = new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("DATABASE_URL") ?? throw new InvalidOperationException("set DATABASE_URL"))
{
    MaxPoolSize = 10,
    MaxAutoPrepare = 256,
    AutoPrepareMinUsages = 2,
    NoResetOnClose = true,
    Enlist = false,
    Multiplexing = multiplexing,
};
await using var dataSource = NpgsqlDataSource.Create(connection.ConnectionString);

var builder = WebApplication.CreateSlimBuilder(args);
// inline socket completions when the environment asks for them, like the benchmark service
if (Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS") == "1")
{
    builder.WebHost.UseSockets(sockets => sockets.UnsafePreferInlineScheduling = true);
}
// warnings and errors only, like the benchmark service (Logging__LogLevel__Default=Warning): a failed request is logged;
// and, like it, no per-request log scope and Activity from ASP.NET Core's hosting diagnostics (scripts/bench-servers.sh)
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
var app = builder.Build();
// ready once PostgreSQL answers, like the service's /health/ready (scripts/bench.sh waits for it)
app.MapGet("/health/ready", async (CancellationToken cancellationToken) =>
{
    await using var db = await dataSource.OpenConnectionAsync(cancellationToken);
    return Results.Text("Healthy");
});
app.MapPost("/graphql", async (HttpContext http) =>
{
    var body = await http.Request.BodyReader.ReadAtLeastAsync(64 * 1024, http.RequestAborted);
    var id = RequestBody.OrderId(body.Buffer);
    http.Request.BodyReader.AdvanceTo(body.Buffer.End);

    // No statement is cancelled when its client leaves. Multiplexed, a cancel request stops whatever the shared session
    // runs and Npgsql then fails every command queued on that connection (likely the two HTTP 500s of a list20 run on
    // 2026-12-07). Pooled, Npgsql's cancel is synchronous network I/O inside the token's callback, which stalled
    // servers under load when wrk closed its connections (the service cancels from a thread of its own instead, see
    // runtime/FraiseQL.Runtime/Sql/StatementCancellation.cs); the floor simply lets the statement finish.
    var token = CancellationToken.None;
    await using var db = await dataSource.OpenConnectionAsync(token);
    await using var command = new NpgsqlCommand(id is null ? list20Sql : byIdSql, db);
    if (id is { } value)
    {
        command.Parameters.Add(new NpgsqlParameter { Value = value, NpgsqlDbType = NpgsqlDbType.Uuid });
    }
    await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, token);
    http.Response.ContentType = "application/json";
    var output = http.Response.BodyWriter;
    output.Write(id is null ? """{"data":{"orders":"""u8 : """{"data":{"order":"""u8);
    if (await reader.ReadAsync(token) && !await reader.IsDBNullAsync(0, token))
    {
        await using var stream = reader.GetStream(0);
        int read;
        while ((read = await stream.ReadAsync(output.GetMemory(2048), token)) > 0)
        {
            output.Advance(read);
        }
    }
    else
    {
        output.Write("null"u8);
    }
    output.Write("}}"u8);
});
app.Run();
