var builder = WebApplication.CreateBuilder(args);
builder.Services.AddFraiseQLGenerated();              // emitted from schema.json + fraiseql.toml
builder.Services.AddFraiseQL(builder.Configuration);  // GraphQL over HTTP/WebSocket, PostgreSQL, NATS

var app = builder.Build();
app.MapFraiseQL();
return await app.RunFraiseQLAsync(args);              // also: `migrate`, `sql`, `dead-letters list|replay`
