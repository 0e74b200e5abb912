using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using FraiseQL.Integration.Tests.Sql;
using FraiseQL.Schema;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FraiseQL.Integration.Tests.Http;

/// <summary>
/// The order service as its users run it: the code the generator emitted from example-services/order-service
/// (schema.json + fraiseql.toml), AddFraiseQL/MapFraiseQL, and the service's own fraiseql.toml with only the database
/// and NATS addresses changed (migrations applied at start), in a content root of its own, on an in-memory server.
/// </summary>
public sealed class OrderServiceHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly DirectoryInfo _root;
    private HttpClient? _client;

    private OrderServiceHost(WebApplication app, DirectoryInfo root)
    {
        _app = app;
        _root = root;
    }

    /// <summary>A client of the in-memory server (once the service has started).</summary>
    public HttpClient Client => _client ??= _app.GetTestClient();

    public static async Task<OrderServiceHost> StartAsync(string databaseUrl, string natsUrl)
    {
        var host = await CreateAsync(databaseUrl, natsUrl);
        try
        {
            await host.StartAsync();
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The order service built but not started (<see cref="StartAsync()"/> starts it), with <paramref name="databaseSettings"/>
    /// (TOML lines) added to its [database] table, and its pool_max (32) replaced by <paramref name="poolMax"/> when given.
    /// </summary>
    public static async Task<OrderServiceHost> CreateAsync(string databaseUrl, string natsUrl, string databaseSettings = "", int? poolMax = null)
    {
        var service = Path.Combine(SqlTestDatabase.RepositoryRoot, "example-services", "order-service");
        var toml = (await File.ReadAllTextAsync(Path.Combine(service, "fraiseql.toml")))
            .Replace("apply_migrations = true", "apply_migrations = true\n" + databaseSettings, StringComparison.Ordinal)
            .Replace("pool_max = 32", $"pool_max = {poolMax ?? 32}", StringComparison.Ordinal)
            .Replace("${DATABASE_URL}", databaseUrl, StringComparison.Ordinal)
            .Replace("${NATS_URL:-nats://127.0.0.1:4222}", natsUrl, StringComparison.Ordinal)
            .Replace("migrations_dir = \"migrations\"", $"migrations_dir = \"{Path.Combine(service, "migrations")}\"", StringComparison.Ordinal);
        Assert.Contains(databaseUrl, toml, StringComparison.Ordinal);
        var root = Directory.CreateTempSubdirectory("fraiseql-e2e-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(root.FullName, "fraiseql.toml"), toml);
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production", ContentRootPath = root.FullName });
            builder.WebHost.UseTestServer();
            builder.Logging.ClearProviders();
            builder.Services.AddFraiseQLGeneratedService(OrderService.FraiseQLGenerated.Instance);
            builder.Services.AddFraiseQL(builder.Configuration);
            var app = builder.Build();
            app.MapFraiseQL();
            return new OrderServiceHost(app, root);
        }
        catch
        {
            root.Delete(recursive: true);
            throw;
        }
    }

    /// <summary>Starts the service: migrations (waiting for PostgreSQL as configured), event tables, then the server.</summary>
    public Task StartAsync(CancellationToken cancellationToken = default) => _app.StartAsync(cancellationToken);

    /// <summary>POSTs a GraphQL document (Accept: application/graphql-response+json), with a bearer token when given.</summary>
    public async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string query, object? variables = null, string? token = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent(JsonSerializer.Serialize(new Dictionary<string, object?> { ["query"] = query, ["variables"] = variables }), Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/graphql-response+json"));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        using var response = await Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>A graphql-transport-ws socket to /graphql (no Authorization header on the upgrade, as in a browser).</summary>
    public async Task<System.Net.WebSockets.WebSocket> ConnectWebSocketAsync()
    {
        var client = _app.GetTestServer().CreateWebSocketClient();
        client.SubProtocols.Add("graphql-transport-ws");
        return await client.ConnectAsync(new Uri("ws://localhost/graphql"), CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        _root.Delete(recursive: true);
    }
}
