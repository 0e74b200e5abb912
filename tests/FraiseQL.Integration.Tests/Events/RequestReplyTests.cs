using System.Buffers;
using System.Text;
using System.Text.Json;
using FraiseQL.Events;
using FraiseQL.Execution;
using FraiseQL.Integration.Tests.Events.Support;
using FraiseQL.Integration.Tests.Infrastructure;
using FraiseQL.Schema;
using Microsoft.Extensions.DependencyInjection;
using NATS.Client.Core;

namespace FraiseQL.Integration.Tests.Events;

/// <summary>Request–reply: the order service's stockLevel query answered by the inventory service's fn_stock_level.</summary>
[Collection(ServersCollection.Name)]
public sealed class RequestReplyTests(ServersFixture servers) : IAsyncLifetime
{
    private readonly string _prefix = Eventually.NewPrefix();
    private readonly RecordingSqlExecutor _sql = new();
    private EventServiceHost? _inventory;
    private EventServiceHost? _order;

    private IRootFieldExecutor Executor => _order!.Services.GetRequiredService<IRootFieldExecutor>();

    public async Task InitializeAsync()
    {
        var inventoryDb = await ExampleServiceDatabase.CreateAsync(servers.Postgres, "inventory-service");
        await ExampleServiceDatabase.ExecuteAsync(inventoryDb, """
            CREATE FUNCTION fn_whoami(p_request jsonb) RETURNS jsonb AS $$
                SELECT jsonb_build_object('principal', current_setting('fraiseql.principal', true), 'tenant_id', current_setting('fraiseql.tenant_id', true),
                                          'roles', current_setting('fraiseql.roles', true), 'correlation_id', current_setting('fraiseql.correlation_id', true),
                                          'echo', p_request)
            $$ LANGUAGE sql;
            CREATE FUNCTION fn_locked(p_request jsonb) RETURNS jsonb AS $$
            BEGIN RAISE EXCEPTION 'sku % is locked', p_request->>'sku'; END
            $$ LANGUAGE plpgsql;
            CREATE FUNCTION fn_broken(p_request jsonb) RETURNS jsonb AS $$
                SELECT to_jsonb(s) FROM tb_secret_internal_table s
            $$ LANGUAGE sql SET check_function_bodies = off;
            """);
        _inventory = await EventServiceHost.StartAsync(InventoryServiceSchema.Create(_prefix), inventoryDb, servers.Nats.Url, o =>
        {
            o.EnableConsumers = false;
            o.Responders.Add(new RespondEntry { Subject = _prefix + ".inventory.whoami", Handler = "fn_whoami" });
            o.Responders.Add(new RespondEntry { Subject = _prefix + ".inventory.locked", Handler = "fn_locked" });
            o.Responders.Add(new RespondEntry { Subject = _prefix + ".inventory.broken", Handler = "fn_broken" });
        });
        var orderDb = await ExampleServiceDatabase.CreateAsync(servers.Postgres, "order-service");
        _order = await EventServiceHost.StartAsync(OrderServiceSchema.Create(_prefix), orderDb, servers.Nats.Url, o => { o.EnableConsumers = false; o.EnableRelay = false; },
            services => services.AddSingleton<IRootFieldExecutor>(_sql).DecorateWithRemoteQueries());
        // responders subscribe asynchronously at start: wait until the inventory service answers
        await Eventually.WaitUntilAsync(async () =>
        {
            try
            {
                await RunAsync(Query("stockLevel"), Field(new() { ["sku"] = "SKU-0001" }, "sku"));
                return true;
            }
            catch (GraphQLErrorException)
            {
                return false;
            }
        }, "the inventory responder answers");
    }

    public async Task DisposeAsync()
    {
        if (_order is not null)
        {
            await _order.DisposeAsync();
        }
        if (_inventory is not null)
        {
            await _inventory.DisposeAsync();
        }
    }

    [Fact]
    public async Task RemoteQuery_IsAnsweredBySqlFunction_AndProjected()
    {
        var json = await RunAsync(Query("stockLevel"), Field(new() { ["sku"] = "SKU-0007" }, "sku", "available:quantityAvailable", "__typename"));
        Assert.Equal("""{"sku":"SKU-0007","available":100,"__typename":"StockLevel"}""", json);
        Assert.DoesNotContain("query:stockLevel", _sql.Calls);
    }

    [Fact]
    public async Task RemoteQuery_UnknownSku_IsNull()
    {
        Assert.Equal("null", await RunAsync(Query("stockLevel"), Field(new() { ["sku"] = "NOPE" }, "sku")));
    }

    [Fact]
    public async Task LocalQuery_GoesToTheInnerExecutor()
    {
        var local = new QueryDescriptor { Name = "orders", ReturnType = "Order", ReturnsList = true, SqlSource = "\"v_order\"" };
        Assert.Equal("\"from-sql\"", await RunAsync(local, Field(new(), "id")));
        Assert.Contains("query:orders", _sql.Calls);
    }

    [Fact]
    public async Task RemoteQuery_CarriesIdentityAndCorrelationHeaders_AndSnakeCaseArguments()
    {
        var query = new QueryDescriptor
        {
            Name = "whoami", ReturnType = "JSON", SqlSource = "\"none\"",
            Remote = new RemoteQueryDescriptor { Subject = _prefix + ".inventory.whoami", TimeoutMs = 2000 },
        };
        var context = new RequestContext { CorrelationId = "corr-rr-1", Principal = "user-9", Roles = ["clerk", "viewer"], TenantId = "tenant-3" };
        var json = await RunAsync(query, Field(new() { ["skuList"] = new List<object?> { "A", "B" }, ["filter"] = new Dictionary<string, object?> { ["minQty"] = 5L } }), context);
        using var doc = JsonDocument.Parse(json);
        var r = doc.RootElement;
        Assert.Equal("user-9", r.GetProperty("principal").GetString());
        Assert.Equal("tenant-3", r.GetProperty("tenant_id").GetString());
        Assert.Equal("clerk,viewer", r.GetProperty("roles").GetString());
        Assert.Equal("corr-rr-1", r.GetProperty("correlation_id").GetString());
        Assert.Equal("""{"filter":{"min_qty":5},"sku_list":["A","B"]}""", r.GetProperty("echo").GetRawText());
    }

    [Fact]
    public async Task RemoteQuery_Timeout_IsAClearGraphQLError_AfterRetries()
    {
        var subject = _prefix + ".inventory.silent";
        await using var nats = new NatsConnection(NatsOpts.Default with { Url = servers.Nats.Url });
        await using var silent = await nats.SubscribeCoreAsync<byte[]>(subject, serializer: NatsRawSerializer<byte[]>.Default);
        await nats.PingAsync();
        var query = new QueryDescriptor
        {
            Name = "stockLevel", ReturnType = "StockLevel", SqlSource = "\"none\"",
            Remote = new RemoteQueryDescriptor { Subject = subject, TimeoutMs = 300, Retries = 1 },
        };
        var error = await Assert.ThrowsAsync<GraphQLErrorException>(() => RunAsync(query, Field(new() { ["sku"] = "SKU-0001" }, "sku")));
        Assert.Equal("TIMEOUT", error.Error.Code);
        Assert.Contains(subject, error.Error.Message, StringComparison.Ordinal);
        Assert.Contains("300 ms", error.Error.Message, StringComparison.Ordinal);
        Assert.Contains("2 attempt(s)", error.Error.Message, StringComparison.Ordinal);
        Assert.Equal(["stockLevel"], error.Error.Path);
        var requests = new List<NatsMsg<byte[]>>();
        while (silent.Msgs.TryRead(out var m))
        {
            requests.Add(m);
        }
        Assert.Equal(2, requests.Count);
        Assert.All(requests, m => Assert.Equal("{\"sku\":\"SKU-0001\"}", Encoding.UTF8.GetString(m.Data!)));
    }

    [Fact]
    public async Task RemoteQuery_NoResponders_IsServiceUnavailable()
    {
        var query = new QueryDescriptor
        {
            Name = "stockLevel", ReturnType = "StockLevel", SqlSource = "\"none\"",
            Remote = new RemoteQueryDescriptor { Subject = _prefix + ".nobody.home", TimeoutMs = 1000 },
        };
        var error = await Assert.ThrowsAsync<GraphQLErrorException>(() => RunAsync(query, Field(new() { ["sku"] = "SKU-0001" }, "sku")));
        Assert.Equal("SERVICE_UNAVAILABLE", error.Error.Code);
        Assert.Contains("no responders", error.Error.Message, StringComparison.Ordinal);
        Assert.Contains(_prefix + ".nobody.home", error.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RemoteQuery_FailingResponderFunction_IsReportedWithItsMessage()
    {
        var query = new QueryDescriptor
        {
            Name = "stockLevel", ReturnType = "StockLevel", SqlSource = "\"none\"",
            Remote = new RemoteQueryDescriptor { Subject = _prefix + ".inventory.locked", TimeoutMs = 2000 },
        };
        var error = await Assert.ThrowsAsync<GraphQLErrorException>(() => RunAsync(query, Field(new() { ["sku"] = "SKU-0004" }, "sku")));
        Assert.Equal("BAD_USER_INPUT", error.Error.Code);
        Assert.Contains("sku SKU-0004 is locked", error.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RemoteQuery_ResponderFailingInternally_KeepsThePostgresTextInItsOwnLog()
    {
        var query = new QueryDescriptor
        {
            Name = "stockLevel", ReturnType = "StockLevel", SqlSource = "\"none\"",
            Remote = new RemoteQueryDescriptor { Subject = _prefix + ".inventory.broken", TimeoutMs = 2000 },
        };
        var error = await Assert.ThrowsAsync<GraphQLErrorException>(() => RunAsync(query, Field(new() { ["sku"] = "SKU-0001" }, "sku"), RequestContext.Anonymous("corr-broken")));
        Assert.Equal("INTERNAL_SERVER_ERROR", error.Error.Code);
        Assert.DoesNotContain("tb_secret_internal_table", error.Error.Message, StringComparison.Ordinal);
        Assert.Contains("correlation id corr-broken", error.Error.Message, StringComparison.Ordinal);
    }

    private QueryDescriptor Query(string name) => _order!.Service.FindQuery(name)!;

    private async Task<string> RunAsync(QueryDescriptor query, FieldSelection field, RequestContext? context = null)
    {
        var output = new ArrayBufferWriter<byte>();
        await Executor.ExecuteQueryAsync(query, field, context ?? RequestContext.Anonymous("corr-test"), output, CancellationToken.None);
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    private static FieldSelection Field(Dictionary<string, object?> arguments, params string[] selections) => new()
    {
        ResponseName = "stockLevel",
        FieldName = "stockLevel",
        Arguments = arguments,
        Selections = selections.Select(s => s.Split(':') is [var alias, var name]
            ? new FieldSelection { ResponseName = alias, FieldName = name }
            : new FieldSelection { ResponseName = s, FieldName = s }).ToArray(),
    };
}
