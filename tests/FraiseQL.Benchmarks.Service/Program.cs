var builder = WebApplication.CreateBuilder(args);
builder.Services.AddFraiseQLGenerated();
builder.Services.AddFraiseQL(builder.Configuration);

var app = builder.Build();
app.MapFraiseQL();
app.Run();
