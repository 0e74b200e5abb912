using System.Net;
using System.Text.Json;
using FraiseQL.Configuration;
using FraiseQL.GraphQL;
using FraiseQL.Runtime.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace FraiseQL.Runtime.Tests;

/// <summary>
/// Persisted queries over HTTP (<c>[server.persisted_queries]</c>, <see cref="PersistedDocuments"/>): Apollo's automatic
/// persisted queries by default, trusted documents from a manifest, and off.
/// </summary>
public sealed class PersistedQueryTests
{
    private const string Orders = "{ orders(limit: 2) { id } }";

    private static string Body(string? query, string hash, int version = 1)
    {
        var extensions = $$$"""{"persistedQuery":{"version":{{{version}}},"sha256Hash":"{{{hash}}}"}}""";
        return query is null
            ? $$"""{"extensions":{{extensions}}}"""
            : $$"""{"query":{{Quote(query)}},"extensions":{{extensions}}}""";
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(TestHost host, string body)
    {
        var response = await host.PostRawAsync(body, "application/json");
        return (response.StatusCode, await TestHost.JsonAsync(response));
    }

    private static string CodeOf(JsonElement body) => body.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString()!;

    [Fact]
    public async Task Apq_asks_for_an_unknown_document_with_200_then_runs_it_by_hash_over_post_and_get()
    {
        await using var host = await TestHost.StartAsync();
        host.Executor.Responses["orders"] = """[{"id":"a"}]""";
        var hash = PersistedDocuments.Sha256(Orders);

        // hash only, unknown: the protocol's "send me the document", 200 even for application/graphql-response+json
        var (status, body) = await SendAsync(host, Body(null, hash));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(PersistedDocuments.NotFoundCode, CodeOf(body));
        Assert.Equal("PersistedQueryNotFound", body.GetProperty("errors")[0].GetProperty("message").GetString());
        Assert.False(body.TryGetProperty("data", out _));
        Assert.Empty(host.Executor.Calls);

        // document and hash: runs and registers it; then the hash alone runs it, over POST and GET
        (status, body) = await SendAsync(host, Body(Orders, hash));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("""[{"id":"a"}]""", body.GetProperty("data").GetProperty("orders").GetRawText());
        (status, body) = await SendAsync(host, Body(null, hash.ToUpperInvariant()));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("a", body.GetProperty("data").GetProperty("orders")[0].GetProperty("id").GetString());
        var get = await host.GetAsync("extensions=" + Uri.EscapeDataString($$$"""{"persistedQuery":{"version":1,"sha256Hash":"{{{hash}}}"}}"""));
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal("a", (await TestHost.JsonAsync(get)).GetProperty("data").GetProperty("orders")[0].GetProperty("id").GetString());
        Assert.Equal(3, host.Executor.Calls.Count);
    }

    [Fact]
    public async Task Apq_refuses_a_wrong_hash_an_unknown_version_and_does_not_register_an_invalid_document()
    {
        await using var host = await TestHost.StartAsync();
        var (status, body) = await SendAsync(host, Body(Orders, PersistedDocuments.Sha256("{ __typename }")));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("provided sha does not match query", body.GetProperty("errors")[0].GetProperty("message").GetString(), StringComparison.Ordinal);

        (status, body) = await SendAsync(host, Body(Orders, PersistedDocuments.Sha256(Orders), version: 2));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("version 1", body.GetProperty("errors")[0].GetProperty("message").GetString(), StringComparison.Ordinal);

        (status, body) = await SendAsync(host, """{"extensions":{"persistedQuery":{"version":1}}}""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("BAD_REQUEST", CodeOf(body));

        // an invalid document is answered with its validation error and not remembered under its hash
        const string Invalid = "{ orders { nope } }";
        (status, body) = await SendAsync(host, Body(Invalid, PersistedDocuments.Sha256(Invalid)));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("GRAPHQL_VALIDATION_FAILED", CodeOf(body));
        (status, body) = await SendAsync(host, Body(null, PersistedDocuments.Sha256(Invalid)));
        Assert.Equal(PersistedDocuments.NotFoundCode, CodeOf(body));
        Assert.Equal(0, host.App.Services.GetRequiredService<PersistedDocuments>().RegisteredCount);

        // without the extension, a request still needs its document
        (status, body) = await SendAsync(host, """{"extensions":{}}""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
    }

    [Fact]
    public void Registered_documents_are_bounded_the_oldest_forgotten_first()
    {
        var store = new PersistedDocuments("apq", new Dictionary<string, string>(), maxEntries: 2);
        foreach (var document in new[] { "{ a }", "{ b }", "{ c }" })
        {
            string? query = document;
            Assert.Null(store.Resolve(ref query, Extensions(PersistedDocuments.Sha256(document)), out var register));
            Assert.Equal(PersistedDocuments.Sha256(document), register);
            store.Register(register!, document);
        }
        Assert.Equal(2, store.RegisteredCount);
        string? forgotten = null;
        Assert.Equal(PersistedDocuments.NotFoundCode, store.Resolve(ref forgotten, Extensions(PersistedDocuments.Sha256("{ a }")), out _)!.Code);
        string? kept = null;
        Assert.Null(store.Resolve(ref kept, Extensions(PersistedDocuments.Sha256("{ c }")), out _));
        Assert.Equal("{ c }", kept);
    }

    [Fact]
    public async Task Trusted_mode_runs_only_the_manifests_documents_by_id_or_by_text()
    {
        var manifest = Path.Combine(Path.GetTempPath(), "fraiseql-manifest-" + Guid.NewGuid().ToString("N") + ".json");
        await File.WriteAllTextAsync(manifest, $$"""
            { "format": "apollo-persisted-query-manifest", "version": 1,
              "operations": [ { "id": "orders-v1", "name": "Orders", "type": "query", "body": {{Quote(Orders)}} } ] }
            """);
        try
        {
            await using var host = await TestHost.StartAsync(configureConfig: $"[server.persisted_queries]\nmode = \"trusted\"\nmanifest = {Quote(manifest)}\n");
            host.Executor.Responses["orders"] = """[{"id":"t"}]""";

            // by the manifest's id (not a SHA-256), by its SHA-256, and as the same text
            var (status, body) = await SendAsync(host, Body(null, "orders-v1"));
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal("t", body.GetProperty("data").GetProperty("orders")[0].GetProperty("id").GetString());
            (status, _) = await SendAsync(host, Body(null, PersistedDocuments.Sha256(Orders)));
            Assert.Equal(HttpStatusCode.OK, status);
            (status, _) = await SendAsync(host, Body(Orders, "orders-v1"));
            Assert.Equal(HttpStatusCode.OK, status);
            var plain = await host.PostAsync(Orders);
            Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
            Assert.Equal(4, host.Executor.Calls.Count);

            // any other document, sent plainly or by APQ, is refused before it runs
            var other = await host.PostAsync("{ orders(limit: 3) { id } }");
            Assert.Equal(HttpStatusCode.BadRequest, other.StatusCode);
            Assert.Equal(PersistedDocuments.TrustedRequiredCode, CodeOf(await TestHost.JsonAsync(other)));
            const string Other = "{ __typename }";
            (status, body) = await SendAsync(host, Body(Other, PersistedDocuments.Sha256(Other)));
            Assert.Equal(PersistedDocuments.TrustedRequiredCode, CodeOf(body));
            (status, body) = await SendAsync(host, Body(null, PersistedDocuments.Sha256(Other)));
            Assert.Equal(PersistedDocuments.NotFoundCode, CodeOf(body));
            Assert.Equal(4, host.Executor.Calls.Count);
        }
        finally
        {
            File.Delete(manifest);
        }
    }

    [Fact]
    public async Task Off_answers_a_hash_only_request_not_supported_and_ignores_a_hash_next_to_a_document()
    {
        await using var host = await TestHost.StartAsync(configureConfig: "[server.persisted_queries]\nmode = \"off\"\n");
        var (status, body) = await SendAsync(host, Body(null, PersistedDocuments.Sha256(Orders)));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(PersistedDocuments.NotSupportedCode, CodeOf(body));
        Assert.Equal("PersistedQueryNotSupported", body.GetProperty("errors")[0].GetProperty("message").GetString());
        (status, body) = await SendAsync(host, Body(Orders, "not-checked"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(body.TryGetProperty("data", out _));
    }

    [Theory]
    [InlineData("[server.persisted_queries]\nmode = \"allowlist\"\n", "[server.persisted_queries] mode: expected \"apq\", \"trusted\" or \"off\"")]
    [InlineData("[server.persisted_queries]\nmode = \"trusted\"\n", "[server.persisted_queries] manifest: is required when mode = \"trusted\"")]
    [InlineData("[server.persisted_queries]\nmax_entries = 0\n", "[server.persisted_queries] max_entries: expected a positive integer")]
    public void Bad_settings_name_the_key(string toml, string expected)
    {
        var error = Assert.Throws<FraiseQLConfigurationException>(() => FraiseQLConfigLoader.Parse(toml, "fraiseql.toml"));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.StartsWith("fraiseql.toml: ", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "cannot read it")]
    [InlineData("[1, 2]", "expected a JSON object")]
    [InlineData("{\"a\": 5}", "\"a\" must map to the document's text")]
    [InlineData("{\"format\": \"apollo-persisted-query-manifest\", \"operations\": [{\"id\": \"x\"}]}", "operations[0] needs \"id\" and \"body\" strings")]
    [InlineData("{\"a\": ", "not valid JSON")]
    public void A_bad_manifest_stops_start_up_naming_the_file(string? content, string expected)
    {
        var path = Path.Combine(Path.GetTempPath(), "fraiseql-manifest-" + Guid.NewGuid().ToString("N") + ".json");
        if (content is not null)
        {
            File.WriteAllText(path, content);
        }
        try
        {
            var error = Assert.Throws<FraiseQLConfigurationException>(() => PersistedDocumentManifest.Load(path));
            Assert.Contains(expected, error.Message, StringComparison.Ordinal);
            Assert.Contains(path, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_missing_manifest_stops_the_host_from_starting()
    {
        var missing = Path.Combine(Path.GetTempPath(), "fraiseql-no-such-manifest.json");
        var error = await Assert.ThrowsAsync<FraiseQLConfigurationException>(() =>
            TestHost.StartAsync(configureConfig: $"[server.persisted_queries]\nmode = \"trusted\"\nmanifest = {Quote(missing)}\n"));
        Assert.Contains("[server.persisted_queries] manifest", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A JSON (and TOML) string literal.</summary>
    private static string Quote(string text) => "\"" + JsonEncodedText.Encode(text) + "\"";

    private static JsonElement Extensions(string hash)
    {
        using var json = JsonDocument.Parse($$$"""{"persistedQuery":{"version":1,"sha256Hash":"{{{hash}}}"}}""");
        return json.RootElement.Clone();
    }
}
