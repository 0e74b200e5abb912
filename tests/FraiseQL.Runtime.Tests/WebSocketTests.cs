using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using FraiseQL.Runtime.Tests.Support;
using FraiseQL.WebSockets;
using Microsoft.Extensions.DependencyInjection;

namespace FraiseQL.Runtime.Tests;

public sealed class WebSocketTests
{
    private static async Task<WebSocket> ConnectAsync(TestHost host)
    {
        var client = host.Server.CreateWebSocketClient();
        client.SubProtocols.Add("graphql-transport-ws");
        return await client.ConnectAsync(new Uri("ws://localhost/graphql"), CancellationToken.None);
    }

    private static Task SendAsync(WebSocket socket, string json) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, true, CancellationToken.None);

    private static async Task<JsonElement?> ReceiveAsync(WebSocket socket)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var buffer = new byte[64 * 1024];
        var count = 0;
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.AsMemory(count), cts.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }
            count += result.Count;
            if (result.EndOfMessage)
            {
                break;
            }
        }
        using var doc = JsonDocument.Parse(buffer.AsMemory(0, count));
        return doc.RootElement.Clone();
    }

    private static async Task InitAsync(WebSocket socket)
    {
        await SendAsync(socket, """{"type":"connection_init","payload":{}}""");
        Assert.Equal("connection_ack", (await ReceiveAsync(socket))!.Value.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Subscription_streams_next_messages_then_complete()
    {
        var events = new TestSubscriptionEventStream();
        await using var host = await TestHost.StartAsync(events: events);
        using var socket = await ConnectAsync(host);
        Assert.Equal("graphql-transport-ws", socket.SubProtocol);
        await InitAsync(socket);
        await SendAsync(socket, """{"id":"s1","type":"subscribe","payload":{"query":"subscription S($c: UUID) { created: orderCreated(customerId: $c) { id status } }","variables":{"c":"123e4567-e89b-12d3-a456-426614174000"}}}""");
        for (var i = 1; i <= 3; i++)
        {
            var next = (await ReceiveAsync(socket))!.Value;
            Assert.Equal("next", next.GetProperty("type").GetString());
            Assert.Equal("s1", next.GetProperty("id").GetString());
            Assert.Equal("{\"data\":{\"created\":{\"id\":\"" + i + "\"}}}", next.GetProperty("payload").GetRawText());
        }
        var complete = (await ReceiveAsync(socket))!.Value;
        Assert.Equal("complete", complete.GetProperty("type").GetString());
        var call = Assert.Single(events.Calls);
        Assert.Equal("orderCreated", call.Subscription.Name);
        Assert.Equal("123e4567-e89b-12d3-a456-426614174000", call.Field.Arguments["customerId"]);
        Assert.Equal(["id", "status"], call.Field.Selections.Select(s => s.FieldName));
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
    }

    [Fact]
    public async Task Ping_pong_query_over_socket_and_validation_error()
    {
        await using var host = await TestHost.StartAsync(events: new TestSubscriptionEventStream());
        using var socket = await ConnectAsync(host);
        await InitAsync(socket);
        await SendAsync(socket, """{"type":"ping"}""");
        Assert.Equal("pong", (await ReceiveAsync(socket))!.Value.GetProperty("type").GetString());

        await SendAsync(socket, """{"id":"q","type":"subscribe","payload":{"query":"{ __typename }"}}""");
        var next = (await ReceiveAsync(socket))!.Value;
        Assert.Equal("""{"data":{"__typename":"Query"}}""", next.GetProperty("payload").GetRawText());
        Assert.Equal("complete", (await ReceiveAsync(socket))!.Value.GetProperty("type").GetString());

        await SendAsync(socket, """{"id":"bad","type":"subscribe","payload":{"query":"subscription { orderCreated { nope } }"}}""");
        var error = (await ReceiveAsync(socket))!.Value;
        Assert.Equal("error", error.GetProperty("type").GetString());
        Assert.Equal("bad", error.GetProperty("id").GetString());
        Assert.Equal("GRAPHQL_VALIDATION_FAILED", error.GetProperty("payload")[0].GetProperty("extensions").GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_subscribe_message_may_name_its_document_by_persisted_query_hash()
    {
        await using var host = await TestHost.StartAsync(events: new TestSubscriptionEventStream());
        using var socket = await ConnectAsync(host);
        await InitAsync(socket);
        var hash = FraiseQL.GraphQL.PersistedDocuments.Sha256("{ __typename }");
        var extensions = $$$"""{"persistedQuery":{"version":1,"sha256Hash":"{{{hash}}}"}}""";

        await SendAsync(socket, $$$"""{"id":"h1","type":"subscribe","payload":{"extensions":{{{extensions}}}}}""");
        var unknown = (await ReceiveAsync(socket))!.Value;
        Assert.Equal("error", unknown.GetProperty("type").GetString());
        Assert.Equal("PersistedQueryNotFound", unknown.GetProperty("payload")[0].GetProperty("message").GetString());

        await SendAsync(socket, $$$"""{"id":"h2","type":"subscribe","payload":{"query":"{ __typename }","extensions":{{{extensions}}}}}""");
        Assert.Equal("""{"data":{"__typename":"Query"}}""", (await ReceiveAsync(socket))!.Value.GetProperty("payload").GetRawText());
        Assert.Equal("complete", (await ReceiveAsync(socket))!.Value.GetProperty("type").GetString());

        await SendAsync(socket, $$$"""{"id":"h3","type":"subscribe","payload":{"extensions":{{{extensions}}}}}""");
        Assert.Equal("""{"data":{"__typename":"Query"}}""", (await ReceiveAsync(socket))!.Value.GetProperty("payload").GetRawText());
    }

    [Fact]
    public async Task Client_complete_and_disconnect_cancel_the_event_streams()
    {
        var events = new TestSubscriptionEventStream { Values = ["""{"id":"1"}"""], StayOpen = true };
        await using var host = await TestHost.StartAsync(events: events);
        using var socket = await ConnectAsync(host);
        await InitAsync(socket);
        await SendAsync(socket, """{"id":"a","type":"subscribe","payload":{"query":"subscription { orderCreated { id } }"}}""");
        await SendAsync(socket, """{"id":"b","type":"subscribe","payload":{"query":"subscription { orderCreated { id } }"}}""");
        Assert.Equal("next", (await ReceiveAsync(socket))!.Value.GetProperty("type").GetString());
        Assert.Equal("next", (await ReceiveAsync(socket))!.Value.GetProperty("type").GetString());
        Assert.Equal(2, events.Active);

        await SendAsync(socket, """{"id":"a","type":"complete"}""");
        await WaitUntilAsync(() => events.Active == 1);
        Assert.Equal(1, events.Cancelled);

        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
        await WaitUntilAsync(() => events.Active == 0);
        Assert.Equal(2, events.Cancelled);
    }

    [Fact]
    public async Task Protocol_violations_close_with_the_specified_codes()
    {
        await using var host = await TestHost.StartAsync(events: new TestSubscriptionEventStream());

        using (var early = await ConnectAsync(host))
        {
            await SendAsync(early, """{"id":"x","type":"subscribe","payload":{"query":"{ __typename }"}}""");
            Assert.Null(await ReceiveAsync(early));
            Assert.Equal(4401, (int)early.CloseStatus!);
        }

        using (var twice = await ConnectAsync(host))
        {
            await InitAsync(twice);
            await SendAsync(twice, """{"type":"connection_init"}""");
            Assert.Null(await ReceiveAsync(twice));
            Assert.Equal(4429, (int)twice.CloseStatus!);
        }

        using (var duplicate = await ConnectAsync(host))
        {
            await InitAsync(duplicate);
            await SendAsync(duplicate, """{"id":"d","type":"subscribe","payload":{"query":"subscription { orderCreated { id } }"}}""");
            await SendAsync(duplicate, """{"id":"d","type":"subscribe","payload":{"query":"subscription { orderCreated { id } }"}}""");
            JsonElement? message;
            do
            {
                message = await ReceiveAsync(duplicate);
            }
            while (message is not null);
            Assert.Equal(4409, (int)duplicate.CloseStatus!);
        }

        using (var garbage = await ConnectAsync(host))
        {
            await SendAsync(garbage, "not json");
            Assert.Null(await ReceiveAsync(garbage));
            Assert.Equal(4400, (int)garbage.CloseStatus!);
        }
    }

    [Fact]
    public async Task A_message_that_is_not_utf8_closes_with_4400()
    {
        await using var host = await TestHost.StartAsync();
        using var socket = await ConnectAsync(host);
        await InitAsync(socket);
        byte[] message = [.. "{\"id\":\"1\",\"type\":\"subscribe\",\"payload\":{\"query\":\"{ __ty"u8, 0xE5, .. "pename }\"}}"u8];
        await socket.SendAsync(message, WebSocketMessageType.Text, true, CancellationToken.None);
        Assert.Null(await ReceiveAsync(socket));
        Assert.Equal(4400, (int?)socket.CloseStatus);
        Assert.Contains("UTF-8", socket.CloseStatusDescription, StringComparison.Ordinal);

        using var surrogate = await ConnectAsync(host);
        await InitAsync(surrogate);
        await SendAsync(surrogate, """{"id":"1","type":"subscribe","payload":{"query":"{ __ty\ud800pename }"}}""");
        Assert.Null(await ReceiveAsync(surrogate));
        Assert.Equal(4400, (int?)surrogate.CloseStatus);
        Assert.Contains("surrogate", surrogate.CloseStatusDescription, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_close_reason_quoting_a_long_message_type_is_cut_to_fit_the_close_frame()
    {
        await using var host = await TestHost.StartAsync();
        using var socket = await ConnectAsync(host);
        await InitAsync(socket);
        await SendAsync(socket, $$"""{"type":"{{new string('é', 300)}}"}""");
        Assert.Null(await ReceiveAsync(socket));
        Assert.Equal(4400, (int?)socket.CloseStatus);
        Assert.StartsWith("Invalid message type", socket.CloseStatusDescription, StringComparison.Ordinal);
        Assert.True(Encoding.UTF8.GetByteCount(socket.CloseStatusDescription!) <= 123);
    }

    [Fact]
    public async Task Missing_connection_init_times_out_with_4408()
    {
        await using var host = await TestHost.StartAsync(events: new TestSubscriptionEventStream(), configureConfig: "[subscriptions]\nconnection_init_timeout_ms = 500\n");
        using var socket = await ConnectAsync(host);
        Assert.Null(await ReceiveAsync(socket));
        Assert.Equal(4408, (int)socket.CloseStatus!);
    }

    [Fact]
    public async Task Connection_init_payload_goes_through_the_initializer_seam()
    {
        var events = new TestSubscriptionEventStream();
        await using var host = await TestHost.StartAsync(events: events, services: s => s.AddSingleton<IWebSocketConnectionInitializer>(new TokenInitializer()));

        using (var rejected = await ConnectAsync(host))
        {
            await SendAsync(rejected, """{"type":"connection_init","payload":{"token":"wrong"}}""");
            Assert.Null(await ReceiveAsync(rejected));
            Assert.Equal(4403, (int)rejected.CloseStatus!);
            Assert.Equal("bad token", rejected.CloseStatusDescription);
        }

        using var socket = await ConnectAsync(host);
        await SendAsync(socket, """{"type":"connection_init","payload":{"token":"letmein"}}""");
        Assert.Equal("connection_ack", (await ReceiveAsync(socket))!.Value.GetProperty("type").GetString());
        await SendAsync(socket, """{"id":"1","type":"subscribe","payload":{"query":"subscription { orderCreated { id } }"}}""");
        Assert.Equal("next", (await ReceiveAsync(socket))!.Value.GetProperty("type").GetString());
        Assert.Equal("ws-user", Assert.Single(events.Calls).Context.Principal);
    }

    [Fact]
    public async Task A_connection_closes_with_4403_when_its_token_expires_ending_its_subscriptions()
    {
        var events = new TestSubscriptionEventStream { Values = [], StayOpen = true };
        var expiresAt = DateTimeOffset.UtcNow.AddSeconds(1.5);
        await using var host = await TestHost.StartAsync(events: events, services: s => s.AddSingleton<IWebSocketConnectionInitializer>(new ExpiringInitializer(expiresAt)));
        using var socket = await ConnectAsync(host);
        await InitAsync(socket);
        await SendAsync(socket, """{"id":"1","type":"subscribe","payload":{"query":"subscription { orderCreated { id } }"}}""");
        await WaitUntilAsync(() => events.Active == 1);

        Assert.Null(await ReceiveAsync(socket)); // nothing but the close, once the token has expired

        Assert.True(DateTimeOffset.UtcNow >= expiresAt, "closed before the token expired");
        Assert.Equal(4403, (int?)socket.CloseStatus);
        Assert.Equal("Token expired: connect again with a new token", socket.CloseStatusDescription);
        await WaitUntilAsync(() => events.Active == 0);
    }

    private sealed class ExpiringInitializer(DateTimeOffset expiresAt) : IWebSocketConnectionInitializer
    {
        public ValueTask<WebSocketInitResult> InitializeAsync(Microsoft.AspNetCore.Http.HttpContext httpContext, JsonElement? payload, FraiseQL.Execution.RequestContext context, CancellationToken cancellationToken) =>
            ValueTask.FromResult(WebSocketInitResult.Accept(new FraiseQL.Execution.RequestContext { CorrelationId = context.CorrelationId, Principal = "ws-user", ExpiresAt = expiresAt }));
    }

    private sealed class TokenInitializer : IWebSocketConnectionInitializer
    {
        public ValueTask<WebSocketInitResult> InitializeAsync(Microsoft.AspNetCore.Http.HttpContext httpContext, JsonElement? payload, FraiseQL.Execution.RequestContext context, CancellationToken cancellationToken) =>
            ValueTask.FromResult(payload is { ValueKind: JsonValueKind.Object } p && p.TryGetProperty("token", out var t) && t.GetString() == "letmein"
                ? WebSocketInitResult.Accept(new FraiseQL.Execution.RequestContext { CorrelationId = context.CorrelationId, Principal = "ws-user" })
                : WebSocketInitResult.Reject(new FraiseQL.Execution.GraphQLError("bad token", "UNAUTHENTICATED")));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(20);
        }
        Assert.True(condition());
    }
}
