var builder = WebApplication.CreateBuilder(args);
// scripts/bench.sh runs the regular pool with DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1: socket completions and
// the request code then run on the socket engine's thread instead of hopping to the thread pool (fewer context
// switches; docs/tuning.md). Safe only while nothing in a request blocks a thread.
if (Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS") == "1")
{
    builder.WebHost.UseSockets(sockets => sockets.UnsafePreferInlineScheduling = true);
}
builder.Services.AddFraiseQLGenerated();              // emitted from schema.json + fraiseql.toml
builder.Services.AddFraiseQL(builder.Configuration);  // GraphQL over HTTP/WebSocket, PostgreSQL, NATS

var app = builder.Build();
app.MapFraiseQL();
return await app.RunFraiseQLAsync(args);              // also: `migrate`, `sql`, `dead-letters list|replay`
