using System.Net;
using System.Net.WebSockets;
using System.Text;
using FraiseQL.Execution;
using FraiseQL.Events;
using FraiseQL.Runtime.Tests.Support;
using FraiseQL.Schema;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FraiseQL.Runtime.Tests;

/// <summary>The runtime on real Kestrel (127.0.0.1, port 0): HTTP and the WebSocket upgrade MapFraiseQL enables.</summary>
public sealed class KestrelTests
{
    [Fact]
    public async Task Http_and_graphql_transport_ws_work_on_kestrel()
    {
        await using var app = await StartOnKestrelAsync(new TestSubscriptionEventStream { Values = ["""{"id":"k"}"""] });
        try
        {
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            using var http = new HttpClient { BaseAddress = new Uri(address) };
            var response = await http.PostAsync("/graphql", new StringContent("""{"query":"{ __typename }"}""", Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("""{"data":{"__typename":"Query"}}""", await response.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/live")).StatusCode);

            using var socket = new ClientWebSocket();
            socket.Options.AddSubProtocol("graphql-transport-ws");
            await socket.ConnectAsync(new Uri(address.Replace("http", "ws", StringComparison.Ordinal) + "/graphql"), CancellationToken.None);
            await socket.SendAsync("""{"type":"connection_init"}"""u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);
            Assert.Contains("connection_ack", await ReceiveTextAsync(socket));
            await socket.SendAsync("""{"id":"1","type":"subscribe","payload":{"query":"subscription { orderCreated { id } }"}}"""u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);
            Assert.Equal("""{"id":"1","type":"next","payload":{"data":{"orderCreated":{"id":"k"}}}}""", await ReceiveTextAsync(socket));
            Assert.Equal("""{"id":"1","type":"complete"}""", await ReceiveTextAsync(socket));
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);

            // an upgrade that does not ask for graphql-transport-ws is refused
            using var plain = new ClientWebSocket();
            plain.Options.CollectHttpResponseDetails = true;
            await Assert.ThrowsAsync<WebSocketException>(() =>
                plain.ConnectAsync(new Uri(address.Replace("http", "ws", StringComparison.Ordinal) + "/graphql"), CancellationToken.None));
            Assert.Equal(HttpStatusCode.BadRequest, plain.HttpStatusCode);
        }
        finally
        {
            await app.StopAsync();
        }
    }

    [Fact]
    public async Task Server_port_and_tls_from_the_toml_serve_https()
    {
        var dir = Directory.CreateTempSubdirectory("fraiseql-tls-");
        try
        {
            using var key = System.Security.Cryptography.RSA.Create(2048);
            var request = new System.Security.Cryptography.X509Certificates.CertificateRequest(
                "CN=localhost", key, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
            await File.WriteAllTextAsync(Path.Combine(dir.FullName, "cert.pem"), certificate.ExportCertificatePem());
            await File.WriteAllTextAsync(Path.Combine(dir.FullName, "key.pem"), key.ExportPkcs8PrivateKeyPem());
            var port = FreePort();
            // relative PEM paths resolve from the content root
            var toml = $"[server]\nhost = \"127.0.0.1\"\nport = {port}\n[server.tls]\nenabled = true\ncert_file = \"cert.pem\"\nkey_file = \"key.pem\"\n";
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production", ContentRootPath = dir.FullName });
            builder.WebHost.UseKestrel();
            builder.Logging.ClearProviders();
            builder.Services.AddFraiseQLGeneratedService(new TestSchema.GeneratedService(TestSchema.Build(toml)));
            builder.Services.AddSingleton<IRootFieldExecutor>(new RecordingRootFieldExecutor());
            builder.Services.AddFraiseQL(builder.Configuration);
            await using var app = builder.Build();
            app.MapFraiseQL();
            await app.StartAsync();
            try
            {
                System.Security.Cryptography.X509Certificates.X509Certificate2? served = null;
                using var handler = new HttpClientHandler
                {
                    ServerCertificateCustomValidationCallback = (_, cert, _, _) =>
                    {
                        served = cert is null ? null : System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(cert.RawData);
                        return true;
                    },
                };
                using var http = new HttpClient(handler) { BaseAddress = new Uri($"https://127.0.0.1:{port}") };
                var response = await http.PostAsync("/graphql", new StringContent("""{"query":"{ __typename }"}""", Encoding.UTF8, "application/json"));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal("""{"data":{"__typename":"Query"}}""", await response.Content.ReadAsStringAsync());
                Assert.Equal(certificate.Thumbprint, served?.Thumbprint);
            }
            finally
            {
                await app.StopAsync();
            }
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Fact]
    public void Unreadable_tls_certificate_stops_start_up_naming_the_file()
    {
        var dir = Directory.CreateTempSubdirectory("fraiseql-tls-");
        try
        {
            var toml = $"[server]\nport = {FreePort()}\n[server.tls]\nenabled = true\ncert_file = \"missing.pem\"\nkey_file = \"missing.key\"\n";
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production", ContentRootPath = dir.FullName });
            builder.WebHost.UseKestrel();
            builder.Logging.ClearProviders();
            builder.Services.AddFraiseQLGeneratedService(new TestSchema.GeneratedService(TestSchema.Build(toml)));
            builder.Services.AddFraiseQL(builder.Configuration);
            // Kestrel reads its options when the app is built: start-up stops there, before anything listens
            var ex = Assert.Throws<FraiseQL.Configuration.FraiseQLConfigurationException>(() => builder.Build());
            Assert.Contains("[server.tls] cert_file/key_file", ex.Message, StringComparison.Ordinal);
            Assert.Contains(Path.Combine(dir.FullName, "missing.pem"), ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Fact]
    public async Task A_server_sent_events_subscription_answers_with_its_headers_before_any_event()
    {
        // a browser's EventSource opens (and a client knows it is subscribed) only once the headers arrive
        await using var app = await StartOnKestrelAsync(new TestSubscriptionEventStream { Values = [], StayOpen = true });
        try
        {
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            using var http = new HttpClient { BaseAddress = new Uri(address) };
            using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
            {
                Content = new StringContent("""{"query":"subscription { orderCreated { id } }"}""", Encoding.UTF8, "application/json"),
            };
            request.Headers.Accept.ParseAdd("text/event-stream");
            using var headersIn = new CancellationTokenSource(TimeSpan.FromSeconds(3)); // the keepalive comes after 15 s

            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, headersIn.Token);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        }
        finally
        {
            await app.StopAsync();
        }
    }

    [Fact]
    public async Task Stopping_the_server_closes_websockets_with_1001_and_ends_event_streams_without_complete_at_once()
    {
        // until 2026-12-08 a stopping server kept every subscription open for the whole shutdown timeout (30 s), then
        // dropped the sockets: WebSocket clients saw 1006 and Server-Sent Events clients a reset, 30 s late
        var events = new TestSubscriptionEventStream { Values = [], StayOpen = true };
        await using var app = await StartOnKestrelAsync(events);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        using var socket = await SubscribeOverWebSocketAsync(address);
        using var http = new HttpClient { BaseAddress = new Uri(address) };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent("""{"query":"subscription { orderCreated { id } }"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.ParseAdd("text/event-stream");
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        await using var stream = await response.Content.ReadAsStreamAsync();
        await WaitUntilAsync(() => events.Active == 2);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var stopping = app.StopAsync();

        using var within = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var close = await socket.ReceiveAsync(new byte[1024], within.Token);
        Assert.Equal(WebSocketMessageType.Close, close.MessageType);
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, socket.CloseStatus); // 1001 Going Away: clients reconnect
        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
        using var reader = new StreamReader(stream);
        var rest = await reader.ReadToEndAsync(within.Token);
        Assert.DoesNotContain("event: complete", rest, StringComparison.Ordinal); // not finished: graphql-sse's client retries
        await stopping;
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"stopping took {clock.Elapsed}");
        Assert.Equal(0, events.Active);
    }

    [Fact]
    public async Task Stopping_the_server_lets_an_operation_running_over_a_websocket_answer_before_the_close()
    {
        var executor = new RecordingRootFieldExecutor { Delay = TimeSpan.FromSeconds(1) };
        executor.Responses["cancelOrder"] = """{"id":"c"}""";
        await using var app = await StartOnKestrelAsync(new TestSubscriptionEventStream { Values = [], StayOpen = true }, executor);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        using var socket = await SubscribeOverWebSocketAsync(address);
        await socket.SendAsync("""{"id":"m","type":"subscribe","payload":{"query":"mutation { cancelOrder(id: \"123e4567-e89b-12d3-a456-426614174000\") { id } }"}}"""u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);
        await WaitUntilAsync(() => !executor.Calls.IsEmpty);

        var stopping = app.StopAsync();

        Assert.Equal("""{"id":"m","type":"next","payload":{"data":{"cancelOrder":{"id":"c"}}}}""", await ReceiveTextAsync(socket));
        Assert.Equal("""{"id":"m","type":"complete"}""", await ReceiveTextAsync(socket));
        using var within = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var close = await socket.ReceiveAsync(new byte[1024], within.Token);
        Assert.Equal(WebSocketMessageType.Close, close.MessageType);
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, socket.CloseStatus);
        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
        await stopping;
    }

    [Fact]
    public async Task A_client_that_answers_no_pings_is_disconnected_and_its_subscription_ends()
    {
        // a hung client (or one whose network vanished without a FIN) reads nothing and answers nothing: until 2026-12-08
        // its connection, and the NATS subscription behind it, stayed for as long as the server ran
        var events = new TestSubscriptionEventStream { Values = [], StayOpen = true };
        await using var app = await StartOnKestrelAsync(events, config: "[subscriptions]\nkeepalive_ms = 300\n");
        try
        {
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            using var socket = await SubscribeOverWebSocketAsync(address, clientKeepalive: TimeSpan.Zero);
            await WaitUntilAsync(() => events.Active == 1);

            // a client that reads (and so answers the ping frames) stays, for many intervals
            // (the protocol's own pings keep each receive short: cancelling one would abort the client's socket)
            for (var clock = System.Diagnostics.Stopwatch.StartNew(); clock.Elapsed < TimeSpan.FromSeconds(2);)
            {
                Assert.Contains("\"ping\"", await ReceiveTextAsync(socket));
            }
            Assert.Equal(1, events.Active);

            // from now on the client reads nothing, so it answers no ping frame
            await WaitUntilAsync(() => events.Active == 0);
            Assert.Equal(1, events.Cancelled);
        }
        finally
        {
            await app.StopAsync();
        }
    }

    [Fact]
    public async Task A_client_that_reads_nothing_while_events_pile_up_is_disconnected()
    {
        // the server's sends block once the socket buffers are full; the unanswered ping frames still end the connection
        var big = "{\"id\":\"" + new string('x', 16 * 1024) + "\"}";
        var events = new TestSubscriptionEventStream { Values = Enumerable.Repeat(big, 4096).ToArray(), StayOpen = true };
        await using var app = await StartOnKestrelAsync(events, config: "[subscriptions]\nkeepalive_ms = 300\n");
        try
        {
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            using var socket = await SubscribeOverWebSocketAsync(address, clientKeepalive: TimeSpan.Zero);
            await WaitUntilAsync(() => events.Calls.Count == 1);
            await WaitUntilAsync(() => events.Active == 0);
        }
        finally
        {
            await app.StopAsync();
        }
    }

    [Fact]
    public async Task An_operation_sent_after_the_server_closed_for_an_expired_token_does_not_run()
    {
        // the server waits for the client's close frame after its own: an operation the client sent meanwhile is not run
        // (with the caller's expired token)
        var executor = new RecordingRootFieldExecutor();
        var expiresAt = DateTimeOffset.UtcNow.AddSeconds(3);
        await using var app = await StartOnKestrelAsync(new TestSubscriptionEventStream(), executor,
            services: s => s.AddSingleton<FraiseQL.WebSockets.IWebSocketConnectionInitializer>(new ExpiringInitializer(expiresAt)));
        try
        {
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            using var socket = new ClientWebSocket();
            socket.Options.AddSubProtocol("graphql-transport-ws");
            await socket.ConnectAsync(new Uri(address.Replace("http", "ws", StringComparison.Ordinal) + "/graphql"), CancellationToken.None);
            await socket.SendAsync("""{"type":"connection_init"}"""u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);
            Assert.Contains("connection_ack", await ReceiveTextAsync(socket));
            while (DateTimeOffset.UtcNow < expiresAt.AddMilliseconds(300))
            {
                await Task.Delay(50); // the close frame arrives meanwhile, unread
            }

            await socket.SendAsync("""{"id":"m","type":"subscribe","payload":{"query":"mutation { cancelOrder(id: \"123e4567-e89b-12d3-a456-426614174000\") { id } }"}}"""u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);

            using var within = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            var close = await socket.ReceiveAsync(new byte[1024], within.Token);
            Assert.Equal(WebSocketMessageType.Close, close.MessageType);
            Assert.Equal(4403, (int?)socket.CloseStatus);
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
            await Task.Delay(300);
            Assert.Empty(executor.Calls);
        }
        finally
        {
            await app.StopAsync();
        }
    }

    private sealed class ExpiringInitializer(DateTimeOffset expiresAt) : FraiseQL.WebSockets.IWebSocketConnectionInitializer
    {
        public ValueTask<FraiseQL.WebSockets.WebSocketInitResult> InitializeAsync(Microsoft.AspNetCore.Http.HttpContext httpContext, System.Text.Json.JsonElement? payload, RequestContext context, CancellationToken cancellationToken) =>
            ValueTask.FromResult(FraiseQL.WebSockets.WebSocketInitResult.Accept(new RequestContext { CorrelationId = context.CorrelationId, Principal = "ws-user", ExpiresAt = expiresAt }));
    }

    /// <summary>A graphql-transport-ws connection on <paramref name="address"/>, acknowledged, with one open subscription.</summary>
    private static async Task<ClientWebSocket> SubscribeOverWebSocketAsync(string address, TimeSpan? clientKeepalive = null)
    {
        var socket = new ClientWebSocket();
        if (clientKeepalive is { } keepalive)
        {
            socket.Options.KeepAliveInterval = keepalive;
        }
        socket.Options.AddSubProtocol("graphql-transport-ws");
        await socket.ConnectAsync(new Uri(address.Replace("http", "ws", StringComparison.Ordinal) + "/graphql"), CancellationToken.None);
        await socket.SendAsync("""{"type":"connection_init"}"""u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);
        Assert.Contains("connection_ack", await ReceiveTextAsync(socket));
        await socket.SendAsync("""{"id":"s","type":"subscribe","payload":{"query":"subscription { orderCreated { id } }"}}"""u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);
        return socket;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(20);
        }
        Assert.True(condition());
    }

    /// <summary>The runtime over the test schema on real Kestrel (127.0.0.1, a free port), started.</summary>
    private static async Task<WebApplication> StartOnKestrelAsync(ISubscriptionEventStream events, RecordingRootFieldExecutor? executor = null, string? config = null,
        Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production", ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddFraiseQLGeneratedService(new TestSchema.GeneratedService(TestSchema.Build(config)));
        builder.Services.AddSingleton<IRootFieldExecutor>(executor ?? new RecordingRootFieldExecutor());
        builder.Services.AddSingleton(events);
        builder.Services.AddFraiseQL(builder.Configuration);
        services?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapFraiseQL();
        await app.StartAsync();
        return app;
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<string> ReceiveTextAsync(WebSocket socket)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var buffer = new byte[8192];
        var result = await socket.ReceiveAsync(buffer, cts.Token);
        return Encoding.UTF8.GetString(buffer, 0, result.Count);
    }
}
