using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using FraiseQL.Execution;
using FraiseQL.GraphQL;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FraiseQL.Benchmarks.Pipeline;

/// <summary>
/// The per-request GraphQL work of scripts/bench.sh's two requests without HTTP and PostgreSQL, in time and bytes
/// allocated per request: document cache lookup, operation selection, variable coercion, selection building,
/// limits, authorization and the response body around the field values. The service is the benchmark's own
/// (schema.json and fraiseql.toml of tests/FraiseQL.Benchmarks.Service, generated as a user would); a canned
/// executor writes what PostgreSQL returns for each root field. Run with
/// <c>dotnet run -c Release --project tests/FraiseQL.Benchmarks.Pipeline -- --filter '*'</c>.
/// </summary>
[MemoryDiagnoser]
public class RequestPipelineBenchmarks
{
    private const string OrderJson =
        """{"id":"00058b1b-be31-74d4-9d94-843d6662a380","customerEmail":"customer1622@example.com","status":"shipped","total":713.53,"createdAt":"2024-03-07T08:54:00+00:00","items":[{"id":"16c6d379-0fbe-9a3d-6eab-8491e6d1f08c","sku":"SKU-0486","qty":4,"price":71.15},{"id":"34bc4804-fb88-7495-8b71-c856703950e1","sku":"SKU-0617","qty":5,"price":71.44},{"id":"d69eaec2-9879-859a-5f13-737f76bd4279","sku":"SKU-0748","qty":1,"price":71.73}]}""";

    private const string ListItemJson =
        """{"id":"00058b1b-be31-74d4-9d94-843d6662a380","status":"shipped","total":713.53,"items":[{"sku":"SKU-0486","qty":4},{"sku":"SKU-0617","qty":5},{"sku":"SKU-0748","qty":1}]}""";

    private WebApplication _app = null!;
    private GraphQLExecutor _executor = null!;
    private JsonDocument _variables = null!;
    private GraphQLRequest _byId = null!;
    private GraphQLRequest _list20 = null!;
    private readonly RequestContext _context = RequestContext.Anonymous("bench");

    [GlobalSetup]
    public void Setup()
    {
        // fraiseql.toml reads the URL from the environment; nothing connects (the canned executor replaces SQL)
        Environment.SetEnvironmentVariable("DATABASE_URL", "postgresql://bench@127.0.0.1:1/none");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IRootFieldExecutor>(new CannedRootFieldExecutor(new Dictionary<string, byte[]>
        {
            ["order"] = Encoding.UTF8.GetBytes(OrderJson),
            ["orders"] = Encoding.UTF8.GetBytes("[" + string.Join(",", Enumerable.Repeat(ListItemJson, 20)) + "]"),
        }));
        builder.Services.AddFraiseQLGenerated();
        builder.Services.AddFraiseQL(builder.Configuration);
        _app = builder.Build();
        _executor = _app.Services.GetRequiredService<GraphQLExecutor>();
        _variables = JsonDocument.Parse("""{"id":"00058b1b-be31-74d4-9d94-843d6662a380"}""");
        // the documents of tests/load/graphql.lua
        _byId = new GraphQLRequest
        {
            Query = "query OrderById($id: UUID!) { order(id: $id) { id customerEmail status total createdAt items { id sku qty price } } }",
            Variables = _variables.RootElement,
        };
        _list20 = new GraphQLRequest
        {
            Query = "query Orders { orders(limit: 20, orderBy: [{ field: \"id\", direction: ASC }]) { id status total items { sku qty } } }",
        };
        foreach (var request in new[] { _byId, _list20 })
        {
            var result = _executor.ExecuteAsync(request, _context, allowMutation: true, CancellationToken.None).AsTask().GetAwaiter().GetResult();
            if (result.Errors.Count > 0)
            {
                throw new InvalidOperationException("The benchmark request failed: " + result.Errors[0].Message);
            }
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _variables.Dispose();
        _app.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    // the result is disposed after its body is read, as the HTTP endpoint does (its body goes back to the pool)
    [Benchmark]
    public async Task<int> ById()
    {
        using var result = await _executor.ExecuteAsync(_byId, _context, allowMutation: true, CancellationToken.None);
        return result.Body.Length;
    }

    [Benchmark]
    public async Task<int> List20()
    {
        using var result = await _executor.ExecuteAsync(_list20, _context, allowMutation: true, CancellationToken.None);
        return result.Body.Length;
    }

    /// <summary>Planning alone (no field execution, no response body).</summary>
    [Benchmark]
    public int PrepareById() => _executor.Prepare(_byId).RootFields.Count;
}
