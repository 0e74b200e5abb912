using System.Collections.Concurrent;
using System.Text;
using FraiseQL.Execution;
using FraiseQL.Runtime.Tests.Support;
using FraiseQL.Schema;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;

namespace FraiseQL.Runtime.Tests;

/// <summary>OTEL_EXPORTER_OTLP_ENDPOINT switches on OTLP export of the runtime's traces and metrics.</summary>
public sealed class OpenTelemetryExportTests
{
    private static WebApplication Build(IEnumerable<KeyValuePair<string, string?>> settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production", ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddFraiseQLGeneratedService(new TestSchema.GeneratedService(TestSchema.Build()));
        builder.Services.AddSingleton<IRootFieldExecutor>(new RecordingRootFieldExecutor());
        builder.Services.AddFraiseQL(builder.Configuration);
        var app = builder.Build();
        app.MapFraiseQL();
        return app;
    }

    [Fact]
    public async Task Without_an_endpoint_nothing_is_registered()
    {
        await using var app = Build([]);
        Assert.Null(app.Services.GetService<TracerProvider>());
    }

    [Fact]
    public async Task With_an_endpoint_request_spans_reach_an_otlp_collector()
    {
        // a minimal OTLP/HTTP collector: records the protobuf bodies posted to /v1/traces
        var traces = new ConcurrentQueue<byte[]>();
        var collectorBuilder = WebApplication.CreateSlimBuilder();
        collectorBuilder.Logging.ClearProviders();
        collectorBuilder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        await using var collector = collectorBuilder.Build();
        collector.MapPost("/v1/traces", async (HttpContext http) =>
        {
            using var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body);
            traces.Enqueue(body.ToArray());
            return Results.Ok();
        });
        collector.MapPost("/v1/metrics", () => Results.Ok());
        await collector.StartAsync();
        var endpoint = collector.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();

        var app = Build([new("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint), new("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"), new("OTEL_SERVICE_NAME", "otel-probe")]);
        await app.StartAsync();
        Assert.NotNull(app.Services.GetService<TracerProvider>());
        using (var client = app.GetTestClient())
        {
            using var response = await client.PostAsync("/graphql", new StringContent("""{"query":"query OtelProbe { __typename }"}""", Encoding.UTF8, "application/json"));
            Assert.True(response.IsSuccessStatusCode);
        }
        // stopping the app flushes the batch exporter
        await app.StopAsync();
        await app.DisposeAsync();

        var exported = string.Join("\n", traces.Select(Encoding.UTF8.GetString));
        Assert.Contains("graphql.request", exported, StringComparison.Ordinal);
        Assert.Contains("OtelProbe", exported, StringComparison.Ordinal);
        Assert.Contains("otel-probe", exported, StringComparison.Ordinal);
    }
}
