using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using FraiseQL.Events;
using FraiseQL.Execution;
using FraiseQL.Hosting;
using FraiseQL.Schema;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FraiseQL.Runtime.Tests.Support;

/// <summary>A real ASP.NET Core app (in-memory TestServer) with AddFraiseQL/MapFraiseQL over <see cref="TestSchema"/>.</summary>
public sealed class TestHost : IAsyncDisposable
{
    private TestHost(WebApplication app, RecordingRootFieldExecutor executor)
    {
        App = app;
        Executor = executor;
        Client = app.GetTestClient();
    }

    public WebApplication App { get; }
    public RecordingRootFieldExecutor Executor { get; }
    public HttpClient Client { get; }
    public TestServer Server => (TestServer)App.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>();

    public static async Task<TestHost> StartAsync(
        Action<FraiseQLOptions>? configure = null,
        ISubscriptionEventStream? events = null,
        Func<bool>? ready = null,
        string environment = "Production",
        Action<IServiceCollection>? services = null,
        string? configureConfig = null,
        Action<WebApplication>? middleware = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = environment,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        var executor = new RecordingRootFieldExecutor();
        builder.Services.AddFraiseQLGeneratedService(new TestSchema.GeneratedService(TestSchema.Build(configureConfig)));
        builder.Services.AddSingleton<IRootFieldExecutor>(executor);
        if (events is not null)
        {
            builder.Services.AddSingleton(events);
        }
        builder.Services.AddFraiseQL(builder.Configuration, configure);
        builder.Services.AddHealthChecks().AddCheck("postgres", () => ready is null || ready() ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("down"), [FraiseQLEndpointRouteBuilderExtensions.ReadyTag]);
        services?.Invoke(builder.Services);
        var app = builder.Build();
        middleware?.Invoke(app);
        app.MapFraiseQL();
        await app.StartAsync();
        return new TestHost(app, executor);
    }

    public Task<HttpResponseMessage> PostAsync(string query, object? variables = null, string? operationName = null, string? accept = "application/graphql-response+json")
    {
        var body = new StringBuilder();
        using (var stream = new MemoryStream())
        {
            using (var w = new Utf8JsonWriter(stream))
            {
                w.WriteStartObject();
                w.WriteString("query", query);
                if (operationName is not null)
                {
                    w.WriteString("operationName", operationName);
                }
                if (variables is string rawVariables)
                {
                    w.WritePropertyName("variables");
                    w.WriteRawValue(rawVariables);
                }
                w.WriteEndObject();
            }
            body.Append(Encoding.UTF8.GetString(stream.ToArray()));
        }
        return PostRawAsync(body.ToString(), "application/json", accept);
    }

    public Task<HttpResponseMessage> PostRawAsync(string body, string? contentType, string? accept = "application/graphql-response+json")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = contentType is null ? null : MediaTypeHeaderValue.Parse(contentType);
        if (accept is not null)
        {
            request.Headers.Accept.ParseAdd(accept);
        }
        return Client.SendAsync(request);
    }

    public Task<HttpResponseMessage> GetAsync(string queryString, string? accept = "application/graphql-response+json")
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/graphql?" + queryString);
        if (accept is not null)
        {
            request.Headers.Accept.ParseAdd(accept);
        }
        return Client.SendAsync(request);
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
