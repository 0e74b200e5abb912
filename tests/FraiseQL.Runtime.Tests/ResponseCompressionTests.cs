using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using FraiseQL.Http;
using FraiseQL.Runtime.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.DependencyInjection;

namespace FraiseQL.Runtime.Tests;

/// <summary>
/// ASP.NET Core's response compression in front of MapFraiseQL (docs: runtime/FraiseQL.Runtime/Hosting/README.md). The
/// endpoint sets Content-Length for the uncompressed body, which the middleware must drop when it compresses.
/// AddFraiseQL lists <c>application/graphql-response+json</c> beside the middleware's defaults (which have only
/// application/json), or beside the application's own list; <see cref="ResponseCompressionOptions.ExcludedMimeTypes"/>
/// opts out.
/// </summary>
public sealed class ResponseCompressionTests
{
    private static readonly string Orders = "[" + string.Join(",", Enumerable.Range(0, 50).Select(i => $$"""{"id":"order-{{i}}","total":{{i}}.50}""")) + "]";

    private static Task<TestHost> StartAsync(Action<ResponseCompressionOptions>? configure = null) => TestHost.StartAsync(
        services: s => s.AddResponseCompression(o =>
        {
            o.Providers.Add<GzipCompressionProvider>();
            configure?.Invoke(o);
        }),
        middleware: app => app.UseResponseCompression());

    private static async Task<HttpResponseMessage> PostGzipAsync(TestHost host, string accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent("""{"query":"{ orders(limit: 50) { id total } }"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
        return await host.Client.SendAsync(request);
    }

    private static async Task<string> GunzipAsync(HttpResponseMessage response)
    {
        await using var gzip = new GZipStream(await response.Content.ReadAsStreamAsync(), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }

    [Theory]
    [InlineData(GraphQLMediaTypes.GraphQLResponseJson, false)]
    [InlineData(GraphQLMediaTypes.Json, false)]
    [InlineData(GraphQLMediaTypes.GraphQLResponseJson, true)]
    public async Task A_compressed_answer_decompresses_to_the_whole_body(string accept, bool ownMimeTypeList)
    {
        await using var host = await StartAsync(ownMimeTypeList ? o => o.MimeTypes = ["text/plain"] : null);
        host.Executor.Responses["orders"] = Orders;
        var response = await PostGzipAsync(host, accept);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["gzip"], response.Content.Headers.ContentEncoding);
        Assert.Equal(accept, response.Content.Headers.ContentType!.MediaType);
        var compressedLength = (await response.Content.ReadAsByteArrayAsync()).Length;
        response = await PostGzipAsync(host, accept);
        Assert.Equal("{\"data\":{\"orders\":" + Orders + "}}", await GunzipAsync(response));
        Assert.True(compressedLength < Orders.Length / 2, $"{compressedLength} compressed bytes for {Orders.Length}");
    }

    [Fact]
    public async Task An_application_that_excludes_the_graphql_media_type_gets_it_uncompressed()
    {
        await using var host = await StartAsync(o => o.ExcludedMimeTypes = [GraphQLMediaTypes.GraphQLResponseJson]);
        host.Executor.Responses["orders"] = Orders;
        var response = await PostGzipAsync(host, GraphQLMediaTypes.GraphQLResponseJson);
        Assert.Empty(response.Content.Headers.ContentEncoding);
        Assert.Equal("{\"data\":{\"orders\":" + Orders + "}}", await response.Content.ReadAsStringAsync());
        Assert.Equal(response.Content.Headers.ContentLength, Encoding.UTF8.GetByteCount(await response.Content.ReadAsStringAsync()));
    }
}
