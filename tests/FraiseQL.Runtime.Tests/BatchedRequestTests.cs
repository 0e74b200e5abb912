using System.Net;
using FraiseQL.Configuration;
using FraiseQL.Runtime.Tests.Support;

namespace FraiseQL.Runtime.Tests;

/// <summary>Batched POSTs (a JSON array of requests, as Apollo Client's BatchHttpLink sends them): <c>[server] max_batch_size</c>.</summary>
public sealed class BatchedRequestTests
{
    [Fact]
    public async Task A_batch_runs_each_operation_in_order_and_answers_an_array_of_their_responses()
    {
        await using var host = await TestHost.StartAsync(configureConfig: "[server]\nmax_batch_size = 3\n");
        host.Executor.Responses["orders"] = """[{"id":"a"}]""";
        var response = await host.PostRawAsync("""
            [{"query":"{ orders(limit: 1) { id } }"},
             {"query":"query Q($n: Int) { orders(limit: $n) { id } }","variables":{"n":2},"operationName":"Q"},
             {"query":"{ orders { nope } }"}]
            """, "application/json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/graphql-response+json", response.Content.Headers.ContentType!.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(text.Length, response.Content.Headers.ContentLength);
        var body = await TestHost.JsonAsync(response);
        Assert.Equal(3, body.GetArrayLength());
        Assert.Equal("""{"data":{"orders":[{"id":"a"}]}}""", body[0].GetRawText());
        Assert.Equal("""{"data":{"orders":[{"id":"a"}]}}""", body[1].GetRawText());
        Assert.Equal("GRAPHQL_VALIDATION_FAILED", body[2].GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString());
        Assert.Equal([1L, 2L], host.Executor.Calls.Select(c => (long)c.Field.Arguments["limit"]!));
    }

    [Fact]
    public async Task Batches_are_refused_unless_enabled_and_beyond_the_maximum()
    {
        await using (var off = await TestHost.StartAsync())
        {
            var response = await off.PostRawAsync("""[{"query":"{ __typename }"}]""", "application/json");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var error = (await TestHost.JsonAsync(response)).GetProperty("errors")[0];
            Assert.Equal("BATCHING_NOT_ENABLED", error.GetProperty("extensions").GetProperty("code").GetString());
            Assert.Contains("max_batch_size", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        }
        await using var host = await TestHost.StartAsync(configureConfig: "[server]\nmax_batch_size = 2\n");
        var tooMany = await host.PostRawAsync("""[{"query":"{ __typename }"},{"query":"{ __typename }"},{"query":"{ __typename }"}]""", "application/json");
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Equal("BATCH_TOO_LARGE", (await TestHost.JsonAsync(tooMany)).GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString());

        // a malformed item fails the whole batch, naming the item; so does an empty batch
        foreach (var (batch, expected) in new[] { ("""[{"query":"{ __typename }"}, 5]""", "Batch item 1"), ("[]", "empty") })
        {
            var bad = await host.PostRawAsync(batch, "application/json");
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Contains(expected, (await TestHost.JsonAsync(bad)).GetProperty("errors")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        }
        Assert.Empty(host.Executor.Calls);
    }

    [Fact]
    public void A_negative_maximum_names_the_key()
    {
        var error = Assert.Throws<FraiseQLConfigurationException>(() => FraiseQLConfigLoader.Parse("[server]\nmax_batch_size = -1\n", "fraiseql.toml"));
        Assert.Contains("[server] max_batch_size: expected 0 (no batches) or a positive integer", error.Message, StringComparison.Ordinal);
    }
}
