using System.Text.Json;
using FraiseQL.Events;
using FraiseQL.Execution;
using FraiseQL.Schema;

namespace FraiseQL.Runtime.Tests.Events;

public sealed class EventsBuildingBlocksTests
{
    [Theory]
    [InlineData("7d", 7 * 24 * 3600_000L)]
    [InlineData("12h", 12 * 3600_000L)]
    [InlineData("30m", 30 * 60_000L)]
    [InlineData("45s", 45_000L)]
    [InlineData("500ms", 500L)]
    public void DurationText_Parses(string text, long ms) => Assert.Equal(TimeSpan.FromMilliseconds(ms), DurationText.Parse(text, "k"));

    [Theory]
    [InlineData("7 days")]
    [InlineData("d")]
    [InlineData("10w")]
    public void DurationText_Rejects_WithTheKeyInTheMessage(string text)
    {
        var ex = Assert.Throws<FormatException>(() => DurationText.Parse(text, "[observers.stream] max_age"));
        Assert.Contains("[observers.stream] max_age", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RecentEventIds_DropsASecondCopy_AndForgetsTheOldestBeyondItsCapacity()
    {
        var recent = new RecentEventIds(2);
        Assert.True(recent.Add("a"));
        Assert.False(recent.Add("a"));
        Assert.True(recent.Add("b"));
        Assert.True(recent.Add("c")); // "a" forgotten
        Assert.False(recent.Add("b"));
        Assert.True(recent.Add("a"));
    }

    [Theory]
    [InlineData("fraiseql.order.created", "FRAISEQL_ORDER", "fraiseql.order.>")]
    [InlineData("fraiseql.dlq.svc.fraiseql.order.created", "FRAISEQL_DLQ", "fraiseql.dlq.>")]
    [InlineData("acme-co.billing", "ACME_CO", "acme-co.>")]
    public void StreamNaming(string subject, string stream, string wildcard)
    {
        Assert.Equal(stream, EventStreamTopology.DefaultStreamName(subject));
        Assert.Equal(wildcard, EventStreamTopology.SubjectPrefixWildcard(subject));
    }

    [Fact]
    public void Payload_IsEntityPlusMetadata_ReplacingAnEntityMetadataKey()
    {
        using var doc = JsonDocument.Parse(EventPayload.Build("""{"id":"o1","metadata":"old","total":12.50}""", """{"item_ids":["a"]}"""));
        Assert.Equal("""{"id":"o1","total":12.50,"metadata":{"item_ids":["a"]}}""", JsonSerializerless(doc));
        Assert.Equal("""{"metadata":null}""", EventPayload.Build("null", null));
    }

    private static string JsonSerializerless(JsonDocument doc) => doc.RootElement.GetRawText();

    [Fact]
    public void Headers_RoundTripThroughJson_AndCarryIdentity()
    {
        var mutation = new MutationDescriptor { Name = "createOrder", ReturnType = "Order", FunctionName = "\"fn\"", Sql = "", Parameters = [], Operation = MutationOperation.Insert };
        var id = Guid.CreateVersion7();
        var headers = OutboxEventSink.BuildHeaders(id, new MutationEvent
        {
            Publish = new PublishDescriptor { Mutation = "createOrder", Subject = "fraiseql.order.created" },
            Mutation = mutation,
            EntityJson = "{}",
            EntityType = "Order",
            Context = new RequestContext { CorrelationId = "c", Principal = "p", Roles = ["a", "b"], TenantId = "t", AuditTags = new Dictionary<string, string> { ["Ticket"] = "42" } },
        }, "order-service");
        var back = EventHeaderJson.Read(EventHeaderJson.Write(headers));
        Assert.Equal(headers, back);
        var map = back.ToDictionary(h => h.Key, h => h.Value);
        Assert.Equal(id.ToString(), map["Nats-Msg-Id"]);
        Assert.Equal("CREATE", map["FraiseQL-Operation"]);
        Assert.Equal("a,b", map["FraiseQL-Roles"]);
        Assert.Equal("42", map["FraiseQL-Audit-Ticket"]);
        Assert.False(map.ContainsKey("FraiseQL-Entity-Id"));
    }

    [Fact]
    public void RemoteRequestBody_UsesStorageKeys_AndSnakeCasesNestedKeys()
    {
        var query = new QueryDescriptor
        {
            Name = "stockLevel", ReturnType = "StockLevel", SqlSource = "x",
            Arguments = [new ArgumentDescriptor { Name = "skuCode", StorageKey = "sku", Type = "String!" }],
        };
        var body = RemoteQueryRequestBody.Write(query, new Dictionary<string, object?>
        {
            ["skuCode"] = "A",
            ["warehouseFilter"] = new Dictionary<string, object?> { ["minQty"] = 3L, ["onlyActive"] = true },
            ["tags"] = new List<object?> { "x", null, 1.5 },
        });
        Assert.Equal("""{"sku":"A","warehouse_filter":{"min_qty":3,"only_active":true},"tags":["x",null,1.5]}""", System.Text.Encoding.UTF8.GetString(body));
    }

    [Fact]
    public void ConsumerName_IsServiceDashSuffix_WithoutIllegalCharacters()
    {
        Assert.Equal("inventory-service-fraiseql_order_created", new EventServiceIdentity("inventory-service").ConsumerName("fraiseql_order_created"));
        Assert.Equal("a_b-c_d", new EventServiceIdentity("a.b").ConsumerName("c.d"));
    }

    [Fact]
    public void Backoff_GrowsAndIsCapped()
    {
        var backoff = new ExponentialBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(1000));
        var delays = Enumerable.Range(0, 10).Select(_ => backoff.Next()).ToList();
        Assert.All(delays, d => Assert.InRange(d.TotalMilliseconds, 1, 1000));
        Assert.InRange(delays[0].TotalMilliseconds, 50, 100);
        Assert.InRange(delays[9].TotalMilliseconds, 500, 1000);
        backoff.Reset();
        Assert.InRange(backoff.Next().TotalMilliseconds, 50, 100);
    }

    [Fact]
    public void SqlIdentifier_QuotesSchemaQualifiedNames() =>
        Assert.Equal("SELECT \"app\".\"fn_x\"($1::jsonb)", SqlIdentifier.JsonbCall("app.fn_x"));
}
