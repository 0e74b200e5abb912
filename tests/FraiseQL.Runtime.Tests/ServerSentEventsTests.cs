using System.Net;
using System.Text;
using FraiseQL.Runtime.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace FraiseQL.Runtime.Tests;

/// <summary>GraphQL over Server-Sent Events (graphql-sse, distinct connections mode): <c>Accept: text/event-stream</c>.</summary>
public sealed class ServerSentEventsTests
{
    private static HttpRequestMessage Post(string body, string accept = "text/event-stream") =>
        new(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
            Headers = { { "Accept", accept } },
        };

    [Fact]
    public async Task A_subscription_streams_one_next_event_per_event_then_complete()
    {
        var events = new TestSubscriptionEventStream();
        await using var host = await TestHost.StartAsync(events: events);
        var response = await host.Client.SendAsync(Post("""{"query":"subscription { created: orderCreated { id } }"}"""));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("no-cache", response.Headers.CacheControl!.ToString());
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(
            "event: next\ndata: {\"data\":{\"created\":{\"id\":\"1\"}}}\n\n" +
            "event: next\ndata: {\"data\":{\"created\":{\"id\":\"2\"}}}\n\n" +
            "event: next\ndata: {\"data\":{\"created\":{\"id\":\"3\"}}}\n\n" +
            "event: complete\ndata:\n\n", text);
        Assert.Equal("orderCreated", Assert.Single(events.Calls).Subscription.Name);
    }

    [Fact]
    public async Task An_idle_stream_gets_keepalive_comments_and_a_client_that_disconnects_ends_it()
    {
        var events = new TestSubscriptionEventStream { StayOpen = true };
        await using var host = await TestHost.StartAsync(events: events, configureConfig: "[subscriptions]\nkeepalive_ms = 100\n");
        using var cts = new CancellationTokenSource();
        var response = await host.Client.SendAsync(Post("""{"query":"subscription { orderCreated { id } }"}"""), HttpCompletionOption.ResponseHeadersRead, cts.Token);
        var stream = await response.Content.ReadAsStreamAsync(cts.Token);
        var buffer = new byte[4096];
        var seen = new StringBuilder();
        while (!seen.ToString().Contains("\"3\"", StringComparison.Ordinal) || !seen.ToString().EndsWith("\n\n:\n\n", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer, cts.Token);
            Assert.True(read > 0, seen.ToString());
            seen.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }
        Assert.Equal(1, events.Active);
        await cts.CancelAsync();
        response.Dispose();
        for (var i = 0; i < 100 && events.Active > 0; i++)
        {
            await Task.Delay(50);
        }
        Assert.Equal(0, events.Active);
    }

    [Fact]
    public async Task A_stream_ends_with_an_unauthenticated_error_when_the_callers_token_expires()
    {
        var events = new TestSubscriptionEventStream { Values = ["{\"id\":\"1\"}"], StayOpen = true };
        var expiresAt = DateTimeOffset.UtcNow.AddSeconds(1.5);
        await using var host = await TestHost.StartAsync(events: events,
            services: s => s.AddSingleton<FraiseQL.Http.IRequestContextFactory>(new ExpiringContextFactory(expiresAt)));

        using var response = await host.Client.SendAsync(Post("""{"query":"subscription { orderCreated { id } }"}"""), HttpCompletionOption.ResponseHeadersRead);
        var body = await response.Content.ReadAsStringAsync(); // ends only when the server ends the stream

        Assert.True(DateTimeOffset.UtcNow >= expiresAt, "ended before the token expired");
        Assert.StartsWith("event: next\ndata: {\"data\":{\"orderCreated\":{\"id\":\"1\"}}}\n\n", body, StringComparison.Ordinal);
        Assert.EndsWith(
            "event: next\ndata: {\"errors\":[{\"message\":\"Token expired: subscribe again with a new token.\",\"extensions\":{\"code\":\"UNAUTHENTICATED\"}}]}\n\nevent: complete\ndata:\n\n",
            body, StringComparison.Ordinal);
        Assert.Equal(0, events.Active);
    }

    private sealed class ExpiringContextFactory(DateTimeOffset expiresAt) : FraiseQL.Http.IRequestContextFactory
    {
        public FraiseQL.Execution.RequestContext Create(Microsoft.AspNetCore.Http.HttpContext httpContext) =>
            new() { CorrelationId = "sse-expiry", Principal = "u", ExpiresAt = expiresAt };
    }

    [Fact]
    public async Task A_query_is_one_next_event_and_so_is_a_refused_request_with_its_errors()
    {
        await using var host = await TestHost.StartAsync(events: new TestSubscriptionEventStream());
        host.Executor.Responses["orders"] = """[{"id":"a"}]""";
        var query = await host.Client.SendAsync(Post("""{"query":"{ orders(limit: 1) { id } }"}"""));
        Assert.Equal("text/event-stream", query.Content.Headers.ContentType!.MediaType);
        Assert.Equal("event: next\ndata: {\"data\":{\"orders\":[{\"id\":\"a\"}]}}\n\nevent: complete\ndata:\n\n", await query.Content.ReadAsStringAsync());

        // graphql-sse: validation that runs before execution MUST report its errors through an accepted stream
        var invalid = await host.Client.SendAsync(Post("""{"query":"subscription { orderCreated { nope } }"}"""));
        Assert.Equal(HttpStatusCode.OK, invalid.StatusCode);
        Assert.Equal("text/event-stream", invalid.Content.Headers.ContentType!.MediaType);
        var text = await invalid.Content.ReadAsStringAsync();
        Assert.StartsWith("event: next\ndata: {\"errors\":[{\"message\":\"Cannot query field ", text, StringComparison.Ordinal);
        Assert.Contains("nope", text, StringComparison.Ordinal);
        Assert.Contains("GRAPHQL_VALIDATION_FAILED", text, StringComparison.Ordinal);
        Assert.EndsWith("\n\nevent: complete\ndata:\n\n", text, StringComparison.Ordinal);
        var syntax = await (await host.Client.SendAsync(Post("""{"query":"{ orders("}"""))).Content.ReadAsStringAsync();
        Assert.Contains("GRAPHQL_PARSE_FAILED", syntax, StringComparison.Ordinal);
        Assert.EndsWith("event: complete\ndata:\n\n", syntax, StringComparison.Ordinal);

        // a client that prefers JSON still gets JSON
        var json = await host.Client.SendAsync(Post("""{"query":"{ __typename }"}""", accept: "application/json"));
        Assert.Equal("application/json", json.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task A_browser_EventSource_subscribes_with_GET()
    {
        await using var host = await TestHost.StartAsync(events: new TestSubscriptionEventStream { Values = ["""{"id":"g"}"""] });
        var response = await host.GetAsync("query=" + Uri.EscapeDataString("subscription { orderCreated { id } }"), accept: "text/event-stream");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("event: next\ndata: {\"data\":{\"orderCreated\":{\"id\":\"g\"}}}\n\nevent: complete\ndata:\n\n", await response.Content.ReadAsStringAsync());

        // a mutation is still refused over GET
        var mutation = await host.GetAsync("query=" + Uri.EscapeDataString("mutation { __typename }"), accept: "text/event-stream");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, mutation.StatusCode);
    }

    [Theory]
    [InlineData("text/event-stream", true)]
    [InlineData("application/json, text/event-stream;q=0.5", true)]
    [InlineData("TEXT/EVENT-STREAM", true)]
    [InlineData("text/event-stream;q=0", false)]
    [InlineData("application/json", false)]
    [InlineData("application/graphql-response+json, application/json;q=0.9", false)]
    [InlineData(null, false)]
    public void Only_an_accept_header_that_asks_for_an_event_stream_gets_one(string? accept, bool expected) =>
        Assert.Equal(expected, FraiseQL.Http.GraphQLServerSentEvents.Requested(accept is null ? Microsoft.Extensions.Primitives.StringValues.Empty : new Microsoft.Extensions.Primitives.StringValues(accept)));

    [Fact]
    public async Task Without_an_event_stream_a_subscription_gets_a_service_unavailable_error_on_the_stream()
    {
        await using var host = await TestHost.StartAsync();
        var response = await host.Client.SendAsync(Post("""{"query":"subscription { orderCreated { id } }"}"""));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("event: next\ndata: {\"errors\":", text, StringComparison.Ordinal);
        Assert.Contains("SERVICE_UNAVAILABLE", text, StringComparison.Ordinal);
        Assert.EndsWith("event: complete\ndata:\n\n", text, StringComparison.Ordinal);
    }
}
