using System.Net;
using FraiseQL.Runtime.Tests.Support;

namespace FraiseQL.Runtime.Tests;

public sealed class LimitsTests
{
    private static async Task<(HttpStatusCode Status, string Code, string Message)> ErrorOf(HttpResponseMessage response)
    {
        var error = (await TestHost.JsonAsync(response)).GetProperty("errors")[0];
        return (response.StatusCode, error.GetProperty("extensions").GetProperty("code").GetString()!, error.GetProperty("message").GetString()!);
    }

    [Fact]
    public async Task Depth_over_the_limit_is_400()
    {
        await using var host = await TestHost.StartAsync(o => o.Limits.MaxDepth = 3);
        Assert.Equal(HttpStatusCode.OK, (await host.PostAsync("{ orders { items { quantity } } }")).StatusCode);
        var (status, code, message) = await ErrorOf(await host.PostAsync("{ orders { items { product { sku } } } }"));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("QUERY_TOO_DEEP", code);
        Assert.Contains("4 levels deep; the maximum depth is 3", message);
        Assert.Single(host.Executor.Calls);
    }

    [Fact]
    public async Task Introspection_ofType_chains_add_no_depth_but_repeated_schema_fields_do()
    {
        await using var host = await TestHost.StartAsync(o => o.Limits.MaxDepth = 6);
        // the shape of GraphiQL's and graphql-js's introspection query: __schema types fields args type, then ofType
        // seven times (15 levels counted naively)
        const string TypeRef = "kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } }";
        var ok = await host.PostAsync($"{{ __schema {{ types {{ fields {{ args {{ type {{ {TypeRef} }} }} }} }} }} }}");
        var body = await TestHost.JsonAsync(ok);
        Assert.False(body.TryGetProperty("errors", out _), body.ToString());
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        // a query that walks the schema again below a type still counts every level
        var (status, code, message) = await ErrorOf(await host.PostAsync("{ __schema { types { fields { type { fields { type { name } } } } } } }"));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("QUERY_TOO_DEEP", code);
        Assert.Contains("7 levels deep; the maximum depth is 6", message);
    }

    [Fact]
    public async Task Aliases_over_the_limit_are_400()
    {
        await using var host = await TestHost.StartAsync(o => o.Limits.MaxAliases = 2);
        var (status, code, _) = await ErrorOf(await host.PostAsync("{ a: orders { id } b: orders { id } c: orders { id } }"));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("TOO_MANY_ALIASES", code);
    }

    [Fact]
    public async Task Cost_counts_list_multipliers()
    {
        await using var host = await TestHost.StartAsync();
        // 1 + 20 × (1 + (1 + 10 × 1)) = 261
        Assert.Equal(HttpStatusCode.OK, (await host.PostAsync("{ orders(limit: 20) { id items { quantity } } }")).StatusCode);
        var (status, code, message) = await ErrorOf(await host.PostAsync("query Q($n: Int) { orders(limit: $n) { id items { quantity product { sku name } } } }", """{"n": 500}"""));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("QUERY_TOO_COMPLEX", code);
        Assert.Contains("maximum is 1000", message);
    }

    [Fact]
    public async Task Limit_above_max_page_size_is_rejected()
    {
        await using var host = await TestHost.StartAsync(configureConfig: "[validation]\nmax_page_size = 50\nmax_query_complexity = 100000\n");
        Assert.Equal(HttpStatusCode.OK, (await host.PostAsync("{ orders(limit: 50) { id } }")).StatusCode);
        var (status, code, message) = await ErrorOf(await host.PostAsync("{ orders(limit: 51) { id } }"));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("BAD_USER_INPUT", code);
        Assert.Contains("max_page_size", message);
    }

    [Fact]
    public async Task Oversized_body_is_413_and_oversized_document_over_get_is_400()
    {
        await using var host = await TestHost.StartAsync(o => { o.Limits.MaxDocumentBytes = 1000; o.Limits.MaxVariablesBytes = 1000; });
        var big = "{ orders { " + string.Concat(Enumerable.Repeat("id ", 20_000)) + "} }";
        var (status, code, _) = await ErrorOf(await host.PostAsync(big));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal("PAYLOAD_TOO_LARGE", code);

        var doc = "{ orders { " + string.Concat(Enumerable.Repeat("id ", 400)) + "} }";
        var (getStatus, getCode, _) = await ErrorOf(await host.GetAsync("query=" + Uri.EscapeDataString(doc)));
        Assert.Equal(HttpStatusCode.BadRequest, getStatus);
        Assert.Equal("QUERY_TOO_LARGE", getCode);

        var vars = "{\"n\": \"" + new string('x', 1500) + "\"}";
        var (varStatus, varCode, _) = await ErrorOf(await host.PostAsync("query Q($n: String) { __typename }", vars));
        Assert.Equal(HttpStatusCode.BadRequest, varStatus);
        Assert.Equal("VARIABLES_TOO_LARGE", varCode);
    }

    [Fact]
    public async Task Timeout_cancels_the_running_sql_and_returns_a_timeout_error()
    {
        await using var host = await TestHost.StartAsync(o => o.Limits.RequestTimeout = TimeSpan.FromMilliseconds(200));
        host.Executor.Hang = true;
        var (status, code, message) = await ErrorOf(await host.PostAsync("{ orders { id } }"));
        Assert.Equal(HttpStatusCode.GatewayTimeout, status);
        Assert.Equal("TIMEOUT", code);
        Assert.Contains("timed out", message);
        Assert.True(host.Executor.SawCancellation);

        var nullable = await host.PostAsync("""{ order(id: "123e4567-e89b-12d3-a456-426614174000") { id } }""");
        Assert.Equal(HttpStatusCode.GatewayTimeout, nullable.StatusCode);
        Assert.DoesNotContain("\"data\"", await nullable.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Deeply_nested_garbage_is_a_syntax_error_not_a_crash()
    {
        await using var host = await TestHost.StartAsync();
        var nested = "{ orders(where: " + new string('[', 5000) + new string(']', 5000) + ") { id } }";
        var response = await host.PostAsync(nested);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var (_, code, _) = await ErrorOf(response);
        Assert.True(code is "GRAPHQL_PARSE_FAILED" or "GRAPHQL_VALIDATION_FAILED", code);
    }
}
