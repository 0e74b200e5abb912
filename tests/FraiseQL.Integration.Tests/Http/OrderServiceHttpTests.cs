using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Text;
using System.Text.Json;
using FraiseQL.Integration.Tests.Infrastructure;
using FraiseQL.Integration.Tests.Security;
using Microsoft.IdentityModel.Tokens;

namespace FraiseQL.Integration.Tests.Http;

/// <summary>
/// The order service as its users run it (<see cref="OrderServiceHost"/>), on the shared PostgreSQL and nats-server.
/// Every request is a GraphQL document over HTTP, so parsing, validation against the generated schema, authorization,
/// SQL and the response all take part.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class OrderServiceHttpTests(ServersFixture servers) : IAsyncLifetime
{
    private const string DemoKey = "ZnJhaXNlcWwtZGVtby1obWFjLWtleS1ub3QtZm9yLXByb2R1Y3Rpb24h";
    private OrderServiceHost? _host;
    private string? _database;
    private readonly string _staff = Token("alice", "staff");
    private readonly string _viewer = Token("bob", "viewer");

    private static string Token(string subject, string role) =>
        TestTokenIssuer.Mint(new SymmetricSecurityKey(Convert.FromBase64String(DemoKey)) { KeyId = "demo" }, subject,
            new Dictionary<string, object> { ["roles"] = new[] { role } }, issuer: "fraiseql-demo", audience: "order-service");

    public async Task InitializeAsync()
    {
        _database = await servers.Postgres.CreateDatabaseAsync("e2e");
        _host = await OrderServiceHost.StartAsync(servers.Postgres.Url(_database), servers.Nats.Url);
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    private Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string query, object? variables = null, string? token = null) =>
        _host!.PostAsync(query, variables, token);

    private async Task<JsonElement> DataAsync(string query, object? variables = null, string? token = null)
    {
        var (status, body) = await PostAsync(query, variables, token);
        Assert.True(status == HttpStatusCode.OK && !body.TryGetProperty("errors", out _), $"{(int)status}: {body.GetRawText()}");
        return body.GetProperty("data");
    }

    private async Task<string> CreateOrderAsync(params string[] skus)
    {
        var created = await DataAsync("mutation($input: CreateOrderInput!) { createOrder(input: $input) { id status total items { sku qty } } }",
            new { input = new { userId = "7f6c1a52-3c1e-4a5e-9a43-1c2b3d4e5f60", itemIds = skus } }, _staff);
        var order = created.GetProperty("createOrder");
        Assert.Equal("pending", order.GetProperty("status").GetString());
        Assert.Equal(10m * skus.Length, order.GetProperty("total").GetDecimal());
        Assert.Equal(skus, order.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("sku").GetString()!).Order(StringComparer.Ordinal));
        return order.GetProperty("id").GetString()!;
    }

    [Fact]
    public async Task Mutations_queries_filters_and_pages_through_the_generated_schema()
    {
        var one = await CreateOrderAsync("A-1");
        var two = await CreateOrderAsync("A-1", "B-2");
        var three = await CreateOrderAsync("B-2", "C-3", "D-4");
        var mine = new { _or = new object[] { new { id = new { eq = one } }, new { id = new { eq = two } }, new { id = new { eq = three } } } };

        // the list filter on items (OrderItemListFilter), a leaf filter, _not, orderBy, limit and offset, all typed
        const string Orders = "query($where: OrderWhereInput, $limit: Int, $offset: Int) { orders(where: $where, orderBy: [{field: \"createdAt\", direction: DESC}], limit: $limit, offset: $offset) { id } }";
        async Task<string[]> Ids(object where, int limit = 10, int offset = 0) =>
            (await DataAsync(Orders, new { where, limit, offset }, _staff)).GetProperty("orders").EnumerateArray().Select(o => o.GetProperty("id").GetString()!).ToArray();
        Assert.Equal([three, two, one], await Ids(mine));
        Assert.Equal([three, two], await Ids(new { _and = new object[] { mine, new { items = new { len_gte = 2 } } } }));
        Assert.Equal([two, one], await Ids(new { _and = new object[] { mine, new { items = new { array_contains = new object[] { new { sku = "A-1" } } } } } }));
        Assert.Equal([three], await Ids(new { _and = new object[] { mine, new { _not = new { items = new { array_overlaps = new object[] { new { sku = "A-1" } } } } } } }));
        Assert.Equal([two], await Ids(mine, limit: 1, offset: 1));

        // ordersCount ("count": true): every row the where selects, not a page; the same filters
        async Task<int> Count(object where) =>
            (await DataAsync("query($where: OrderWhereInput) { ordersCount(where: $where) }", new { where }, _staff)).GetProperty("ordersCount").GetInt32();
        Assert.Equal(3, await Count(mine));
        Assert.Equal(2, await Count(new { _and = new object[] { mine, new { items = new { len_gte = 2 } } } }));
        Assert.Equal(0, await Count(new { id = new { eq = "00000000-0000-4000-8000-0000000000ff" } }));
        var all = (await DataAsync("{ ordersCount }", token: _staff)).GetProperty("ordersCount").GetInt32();
        Assert.True(all >= 3, $"ordersCount without where: {all}");

        // an update through an enum argument, then a status filter
        var confirmed = await DataAsync("mutation($id: ID!) { updateOrderStatus(id: $id, status: CONFIRMED) { id status } }", new { id = two }, _staff);
        Assert.Equal("confirmed", confirmed.GetProperty("updateOrderStatus").GetProperty("status").GetString());
        Assert.Equal([two], await Ids(new { _and = new object[] { mine, new { status = new { eq = "confirmed" } } } }));

        // lookup by id with aliases, a fragment and __typename
        var lookup = await DataAsync("query($id: ID!) { a: order(id: $id) { ...O } } fragment O on Order { __typename identifier items { qty } }", new { id = one }, _staff);
        Assert.Equal("Order", lookup.GetProperty("a").GetProperty("__typename").GetString());
        Assert.StartsWith("ORD-", lookup.GetProperty("a").GetProperty("identifier").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Relay_connection_pages_forward_and_backward_with_cursors_page_info_and_total_count()
    {
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await CreateOrderAsync("R-" + i));
        }
        var mine = new { _or = ids.Select(id => (object)new { id = new { eq = id } }).ToArray() };
        const string Page = """
            query($where: OrderWhereInput, $first: Int, $after: String, $last: Int, $before: String) {
              orderPages(where: $where, first: $first, after: $after, last: $last, before: $before) {
                __typename totalCount
                edges { cursor node { id } }
                info: pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
              }
            }
            """;
        async Task<JsonElement> PageAsync(int? first = null, string? after = null, int? last = null, string? before = null) =>
            (await DataAsync(Page, new { where = mine, first, after, last, before }, _staff)).GetProperty("orderPages");
        static string[] Nodes(JsonElement page) => [.. page.GetProperty("edges").EnumerateArray().Select(e => e.GetProperty("node").GetProperty("id").GetString()!)];

        // forward: the orders in creation (pk_order) order, two at a time
        var one = await PageAsync(first: 2);
        Assert.Equal("OrderConnection", one.GetProperty("__typename").GetString());
        Assert.Equal(5, one.GetProperty("totalCount").GetInt32());
        Assert.Equal(ids[..2], Nodes(one));
        var info = one.GetProperty("info");
        Assert.True(info.GetProperty("hasNextPage").GetBoolean());
        Assert.False(info.GetProperty("hasPreviousPage").GetBoolean());
        Assert.Equal(one.GetProperty("edges")[0].GetProperty("cursor").GetString(), info.GetProperty("startCursor").GetString());
        Assert.Equal(one.GetProperty("edges")[1].GetProperty("cursor").GetString(), info.GetProperty("endCursor").GetString());

        var two = await PageAsync(first: 2, after: info.GetProperty("endCursor").GetString());
        Assert.Equal(ids[2..4], Nodes(two));
        Assert.True(two.GetProperty("info").GetProperty("hasPreviousPage").GetBoolean());
        var three = await PageAsync(first: 2, after: two.GetProperty("info").GetProperty("endCursor").GetString());
        Assert.Equal(ids[4..], Nodes(three));
        Assert.False(three.GetProperty("info").GetProperty("hasNextPage").GetBoolean());

        // backward: the last two, then the two before them, still in ascending order
        var last = await PageAsync(last: 2);
        Assert.Equal(ids[3..], Nodes(last));
        Assert.True(last.GetProperty("info").GetProperty("hasPreviousPage").GetBoolean());
        Assert.False(last.GetProperty("info").GetProperty("hasNextPage").GetBoolean());
        var before = await PageAsync(last: 2, before: last.GetProperty("info").GetProperty("startCursor").GetString());
        Assert.Equal(ids[1..3], Nodes(before));
        Assert.True(before.GetProperty("info").GetProperty("hasNextPage").GetBoolean());

        // with orderBy (newest first) the cursors carry the order's values (keyset), forward and backward
        const string Sorted = """
            query($where: OrderWhereInput, $first: Int, $after: String, $last: Int, $before: String) {
              orderPages(where: $where, orderBy: [{field: "createdAt", direction: DESC}], first: $first, after: $after, last: $last, before: $before) {
                totalCount edges { cursor node { id } } info: pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
              }
            }
            """;
        async Task<JsonElement> SortedAsync(int? first = null, string? after = null, int? last = null, string? before = null) =>
            (await DataAsync(Sorted, new { where = mine, first, after, last, before }, _staff)).GetProperty("orderPages");
        string[] newest = [.. Enumerable.Reverse(ids)];
        var s1 = await SortedAsync(first: 2);
        Assert.Equal(newest[..2], Nodes(s1));
        Assert.True(s1.GetProperty("info").GetProperty("hasNextPage").GetBoolean());
        Assert.False(s1.GetProperty("info").GetProperty("hasPreviousPage").GetBoolean());
        var s2 = await SortedAsync(first: 2, after: s1.GetProperty("info").GetProperty("endCursor").GetString());
        Assert.Equal(newest[2..4], Nodes(s2));
        Assert.True(s2.GetProperty("info").GetProperty("hasPreviousPage").GetBoolean());
        var s3 = await SortedAsync(first: 2, after: s2.GetProperty("info").GetProperty("endCursor").GetString());
        Assert.Equal(newest[4..], Nodes(s3));
        Assert.False(s3.GetProperty("info").GetProperty("hasNextPage").GetBoolean());
        var sLast = await SortedAsync(last: 2);
        Assert.Equal(newest[3..], Nodes(sLast));
        Assert.True(sLast.GetProperty("info").GetProperty("hasPreviousPage").GetBoolean());
        Assert.False(sLast.GetProperty("info").GetProperty("hasNextPage").GetBoolean());
        var sBefore = await SortedAsync(last: 2, before: sLast.GetProperty("info").GetProperty("startCursor").GetString());
        Assert.Equal(newest[1..3], Nodes(sBefore));
        Assert.True(sBefore.GetProperty("info").GetProperty("hasNextPage").GetBoolean());
        Assert.True(sBefore.GetProperty("info").GetProperty("hasPreviousPage").GetBoolean());
        // the same request shape with another after cursor: the answer follows this request's cursor, not the cached text's
        var afterFirst = await SortedAsync(last: 2, after: s1.GetProperty("edges")[0].GetProperty("cursor").GetString());
        Assert.Equal(newest[3..], Nodes(afterFirst));
        Assert.True(afterFirst.GetProperty("info").GetProperty("hasPreviousPage").GetBoolean()); // newest[1] and [2] precede
        var afterThird = await SortedAsync(last: 2, after: s2.GetProperty("edges")[0].GetProperty("cursor").GetString());
        Assert.Equal(newest[3..], Nodes(afterThird));
        Assert.False(afterThird.GetProperty("info").GetProperty("hasPreviousPage").GetBoolean()); // nothing between newest[2] and [3]
        var sWindow = await SortedAsync(first: 5, after: s1.GetProperty("edges")[0].GetProperty("cursor").GetString(), before: sLast.GetProperty("edges")[0].GetProperty("cursor").GetString());
        Assert.Equal(newest[1..3], Nodes(sWindow)); // strictly between the two cursors
        // the relay spec: with first, hasNextPage says only whether more than first edges lie between the cursors
        Assert.False(sWindow.GetProperty("info").GetProperty("hasNextPage").GetBoolean());
        Assert.True(sWindow.GetProperty("info").GetProperty("hasPreviousPage").GetBoolean()); // newest[0], at the after cursor

        // a new order sorts first: the next page after s1 is still the one that followed it (a keyset, not a position)
        ids.Add(await CreateOrderAsync("R-5"));
        mine = new { _or = ids.Select(id => (object)new { id = new { eq = id } }).ToArray() };
        var s2Again = await SortedAsync(first: 2, after: s1.GetProperty("info").GetProperty("endCursor").GetString());
        Assert.Equal(newest[2..4], Nodes(s2Again));
        Assert.Equal(ids[5], Nodes(await SortedAsync(first: 1))[0]);
        var (mixedStatus, mixed) = await PostAsync(Sorted, new { where = mine, first = 2, after = info.GetProperty("endCursor").GetString() }, _staff);
        Assert.Contains("with the same orderBy", mixed.GetProperty("errors")[0].GetProperty("message").GetString(), StringComparison.Ordinal); // a keyset cursor
        Assert.Equal(HttpStatusCode.OK, mixedStatus);

        // node(id): the same order found by its id as a Node (Order has "relay": true); unknown or malformed ids are null
        const string Node = "query($id: ID!) { node(id: $id) { __typename id ... on Order { identifier } } }";
        var node = (await DataAsync(Node, new { id = ids[2] }, _staff)).GetProperty("node");
        Assert.Equal(("Order", ids[2]), (node.GetProperty("__typename").GetString(), node.GetProperty("id").GetString()));
        Assert.StartsWith("ORD-", node.GetProperty("identifier").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, (await DataAsync(Node, new { id = "00000000-0000-4000-8000-0000000000ff" }, _staff)).GetProperty("node").ValueKind);
        Assert.Equal(JsonValueKind.Null, (await DataAsync(Node, new { id = "not-a-uuid" }, _staff)).GetProperty("node").ValueKind);

        // an empty page has null cursors; bad paging arguments are spec-shaped errors, not 500s
        var empty = (await DataAsync(Page, new { where = new { id = new { eq = "00000000-0000-4000-8000-0000000000ff" } }, first = 3 }, _staff)).GetProperty("orderPages");
        Assert.Empty(Nodes(empty));
        Assert.Equal(0, empty.GetProperty("totalCount").GetInt32());
        Assert.Equal(JsonValueKind.Null, empty.GetProperty("info").GetProperty("endCursor").ValueKind);
        foreach (var (variables, message) in new (object, string)[]
        {
            (new { where = mine, first = 1, last = 1 }, "not both"),
            (new { where = mine, first = 1, after = "not-a-cursor" }, "not a cursor"),
            (new { where = mine, first = 100_000 }, "maximum page size"),
        })
        {
            var (status, body) = await PostAsync(Page, variables, _staff);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Contains(message, body.GetProperty("errors")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
            Assert.Equal("BAD_USER_INPUT", body.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString());
        }
    }

    [Fact]
    public async Task Relay_connection_with_orderBy_pages_through_ties_and_nulls_in_either_direction()
    {
        // seven orders whose statuses tie and whose totals tie and are NULL (set in SQL: Order.total is nullable in the
        // schema, though no mutation of the example makes a NULL total and its table says NOT NULL)
        var ids = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            ids.Add(await CreateOrderAsync("K-" + i));
        }
        string[] statuses = ["pending", "shipped", "pending", "confirmed", "shipped", "pending", "confirmed"];
        decimal?[] totals = [5m, null, 5m, 7m, null, 3m, 7m];
        await using (var connection = new Npgsql.NpgsqlConnection(servers.Postgres.ConnectionString(_database!)))
        {
            await connection.OpenAsync();
            await using (var nullable = new Npgsql.NpgsqlCommand("ALTER TABLE tb_order ALTER COLUMN total DROP NOT NULL", connection))
            {
                await nullable.ExecuteNonQueryAsync();
            }
            for (var i = 0; i < ids.Count; i++)
            {
                await using var update = new Npgsql.NpgsqlCommand("UPDATE tb_order SET status = $1, total = $2 WHERE id = $3::uuid", connection)
                {
                    Parameters = { new() { Value = statuses[i] }, new() { Value = (object?)totals[i] ?? DBNull.Value }, new() { Value = ids[i] } },
                };
                Assert.Equal(1, await update.ExecuteNonQueryAsync());
            }
        }
        var mine = new { _or = ids.Select(id => (object)new { id = new { eq = id } }).ToArray() };
        static string[] Nodes(JsonElement page) => [.. page.GetProperty("edges").EnumerateArray().Select(e => e.GetProperty("node").GetProperty("id").GetString()!)];
        static string? Info(JsonElement page, string name) => page.GetProperty("info").GetProperty(name).ValueKind == JsonValueKind.String
            ? page.GetProperty("info").GetProperty(name).GetString()
            : page.GetProperty("info").GetProperty(name).GetBoolean().ToString();

        foreach (var orderBy in new[]
        {
            """[{field: "status", direction: ASC}, {field: "total", direction: DESC}]""",
            """[{field: "total", direction: ASC}]""",
            """[{field: "total", direction: DESC}, {field: "createdAt", direction: ASC}]""",
            """[{field: "status", direction: DESC}, {field: "total"}]""",
            """[{field: "id", direction: DESC}]""", // the view's native id column: no data built for the comparison
            """[{field: "status"}, {field: "id"}]""",
        })
        {
            var query = $$"""
                query($where: OrderWhereInput, $first: Int, $after: String, $last: Int, $before: String) {
                  orderPages(where: $where, orderBy: {{orderBy}}, first: $first, after: $after, last: $last, before: $before) {
                    edges { cursor node { id status total } } info: pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
                  }
                }
                """;
            async Task<JsonElement> PageAsync(int? first = null, string? after = null, int? last = null, string? before = null) =>
                (await DataAsync(query, new { where = mine, first, after, last, before }, _staff)).GetProperty("orderPages");

            // one page of everything: PostgreSQL's own ORDER BY, NULLs last ascending and first descending
            var all = await PageAsync(first: 50);
            var expected = Nodes(all);
            Assert.Equal(ids.Order(StringComparer.Ordinal), expected.Order(StringComparer.Ordinal));
            var firstTotal = all.GetProperty("edges")[0].GetProperty("node").GetProperty("total");
            if (orderBy.StartsWith("""[{field: "total", direction: ASC""", StringComparison.Ordinal))
            {
                Assert.Equal(JsonValueKind.Null, all.GetProperty("edges")[6].GetProperty("node").GetProperty("total").ValueKind);
            }
            else if (orderBy.StartsWith("""[{field: "total", direction: DESC""", StringComparison.Ordinal))
            {
                Assert.Equal(JsonValueKind.Null, firstTotal.ValueKind);
            }

            // forward two at a time, then backward three at a time: the same rows in the same order, none twice
            async Task<List<string>> WalkAsync(bool backward)
            {
                var (towards, away, next) = backward ? ("hasPreviousPage", "hasNextPage", "startCursor") : ("hasNextPage", "hasPreviousPage", "endCursor");
                var seen = new List<string>();
                string? cursor = null;
                for (var pages = 0; ; pages++)
                {
                    var page = backward ? await PageAsync(last: 3, before: cursor) : await PageAsync(first: 2, after: cursor);
                    seen.InsertRange(backward ? 0 : seen.Count, Nodes(page));
                    Assert.Equal(cursor is null ? "False" : "True", Info(page, away));
                    if (Info(page, towards) == "False")
                    {
                        return seen;
                    }
                    cursor = Info(page, next);
                    Assert.True(pages < 10, orderBy);
                }
            }
            Assert.Equal(expected, await WalkAsync(backward: false));
            Assert.Equal(expected, await WalkAsync(backward: true));

            // strictly between two cursors, from either end
            var edges = all.GetProperty("edges");
            string CursorAt(int i) => edges[i].GetProperty("cursor").GetString()!;
            Assert.Equal(expected[2..5], Nodes(await PageAsync(first: 10, after: CursorAt(1), before: CursorAt(5))));
            Assert.Equal(expected[3..5], Nodes(await PageAsync(last: 2, after: CursorAt(1), before: CursorAt(5))));
        }

        // a cursor of one order is refused by another, and a forged one by PostgreSQL's cast: both BAD_USER_INPUT
        const string ByTotal = "query($after: String) { orderPages(orderBy: [{field: \"total\", direction: ASC}], first: 2, after: $after) { edges { cursor } } }";
        const string ByStatus = "query($after: String) { orderPages(orderBy: [{field: \"status\", direction: ASC}], first: 2, after: $after) { edges { cursor } } }";
        var totalCursor = (await DataAsync(ByTotal, token: _staff)).GetProperty("orderPages").GetProperty("edges")[0].GetProperty("cursor").GetString()!;
        var (status, body) = await PostAsync(ByStatus, new { after = totalCursor }, _staff);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("in this orderBy", body.GetProperty("errors")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        var prefix = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(totalCursor)).Split(':')[0];
        var forged = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(prefix + ":[\"not a number\", 1]"));
        (status, body) = await PostAsync(ByTotal, new { after = forged }, _staff);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("BAD_USER_INPUT", body.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Roles_decide_what_a_caller_sees_and_may_do()
    {
        var id = await CreateOrderAsync("A-1");
        var asViewer = await DataAsync("query($id: ID!) { order(id: $id) { id total } }", new { id }, _viewer);
        Assert.Equal(JsonValueKind.Null, asViewer.GetProperty("order").GetProperty("total").ValueKind);
        var anonymous = await DataAsync("query($id: ID!) { order(id: $id) { total } }", new { id });
        Assert.Equal(JsonValueKind.Null, anonymous.GetProperty("order").GetProperty("total").ValueKind);

        // total is masked for the viewer, so it may not filter or sort on it either (the rows or the order, and an
        // ordered cursor, would tell what it is); the staff user, who has the scope, may
        foreach (var query in new[]
        {
            "{ orders(where: {total: {gt: 5}}) { id } }",
            "{ orders(where: {_or: [{status: {eq: \"pending\"}}, {total: {isnull: true}}]}) { id } }",
            "{ orders(orderBy: [{field: \"total\", direction: DESC}]) { id } }",
            "{ orderPages(orderBy: [{field: \"total\"}], first: 2) { edges { cursor } } }",
            "{ ordersCount(where: {total: {lt: 100}}) }",
        })
        {
            var (deniedStatus, denied) = await PostAsync(query, token: _viewer);
            Assert.Equal(HttpStatusCode.OK, deniedStatus);
            var error = denied.GetProperty("errors")[0];
            Assert.Equal("FORBIDDEN", error.GetProperty("extensions").GetProperty("code").GetString());
            Assert.Equal("read:Order.total", error.GetProperty("extensions").GetProperty("requiredScope").GetString());
            Assert.Contains("Order.total", error.GetProperty("message").GetString(), StringComparison.Ordinal);
            await DataAsync(query, token: _staff);
        }

        // a mutation the viewer's role hides is, for the viewer, a field that does not exist: the same 400 as for an
        // unknown field, no data, and nothing runs (not even the createOrder before it)
        var before = (await DataAsync("{ orders(limit: 100) { id } }", token: _staff)).GetProperty("orders").GetArrayLength();
        var (status, body) = await PostAsync(
            "mutation { createOrder(input: {userId: \"7f6c1a52-3c1e-4a5e-9a43-1c2b3d4e5f60\", itemIds: [\"A-1\"]}) { id } shipOrder(id: \"00000000-0000-4000-8000-000000000001\") { id } }",
            token: _viewer);
        Assert.True(status == HttpStatusCode.BadRequest, body.GetRawText());
        Assert.False(body.TryGetProperty("data", out _), body.GetRawText());
        var hidden = body.GetProperty("errors")[0];
        Assert.Equal("Cannot query field \"createOrder\" on type \"Mutation\".", hidden.GetProperty("message").GetString());
        Assert.Equal("GRAPHQL_VALIDATION_FAILED", hidden.GetProperty("extensions").GetProperty("code").GetString());
        var (unknownStatus, unknown) = await PostAsync("mutation { noSuchMutation { id } }", token: _viewer);
        Assert.Equal(status, unknownStatus);
        Assert.Equal(hidden.GetProperty("extensions").GetRawText(), unknown.GetProperty("errors")[0].GetProperty("extensions").GetRawText());
        Assert.Equal(before, (await DataAsync("{ orders(limit: 100) { id } }", token: _staff)).GetProperty("orders").GetArrayLength());
    }

    [Fact]
    public async Task Errors_from_functions_validation_and_limits_are_spec_shaped()
    {
        // mutation_response 'validation:items' → a typed error on the field
        var (status, body) = await PostAsync("mutation { createOrder(input: {userId: \"7f6c1a52-3c1e-4a5e-9a43-1c2b3d4e5f60\", itemIds: []}) { id } }", token: _staff);
        Assert.Equal(HttpStatusCode.OK, status);
        var error = body.GetProperty("errors")[0];
        Assert.Equal("BAD_USER_INPUT", error.GetProperty("extensions").GetProperty("code").GetString());
        Assert.Equal("createOrder", error.GetProperty("path")[0].GetString());

        // shipping an order that does not exist
        (status, body) = await PostAsync("mutation { shipOrder(id: \"00000000-0000-4000-8000-000000000001\") { id } }", token: _staff);
        Assert.Equal("NOT_FOUND", body.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString());

        // validation against the generated input types: an operator the filter does not have, with its location
        (status, body) = await PostAsync("{ orders(where: {items: {eq: 1}}) { id } }");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        error = body.GetProperty("errors")[0];
        Assert.Equal("GRAPHQL_VALIDATION_FAILED", error.GetProperty("extensions").GetProperty("code").GetString());
        Assert.Equal(1, error.GetProperty("locations")[0].GetProperty("line").GetInt32());

        // a list filter's operand is typed JSON, so validation lets any key through; the SQL layer reads it against
        // the element type and names a key that is not one of its fields (it used to reach PostgreSQL's @> as given)
        (status, body) = await PostAsync("{ orders(where: {items: {array_contains: [{sku: \"A-1\", unit_price: 10}]}}) { id } }", token: _staff);
        Assert.Equal(HttpStatusCode.OK, status);
        error = body.GetProperty("errors")[0];
        Assert.Equal("BAD_USER_INPUT", error.GetProperty("extensions").GetProperty("code").GetString());
        Assert.StartsWith("where.items.array_contains[0]: 'unit_price' is not a field of OrderItem.", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("orders", error.GetProperty("path")[0].GetString());

        // introspection that walks the schema again below each type (its answer grows exponentially) is refused by
        // graphql-js's MaxIntrospectionDepthRule before the depth limit ([validation] max_query_depth = 10) is reached
        (status, body) = await PostAsync("{ __schema { types { fields { type { fields { type { fields { type { fields { type { name } } } } } } } } } } }");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("GRAPHQL_VALIDATION_FAILED", body.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString());
        Assert.Equal("Maximum introspection depth exceeded", body.GetProperty("errors")[0].GetProperty("message").GetString());
    }

    [Fact]
    public async Task Requests_and_their_sql_are_traced_and_counted()
    {
        var activities = new ConcurrentQueue<Activity>();
        using var tracing = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "FraiseQL" or "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activities.Enqueue,
        };
        ActivitySource.AddActivityListener(tracing);
        var requests = new ConcurrentQueue<string>();
        using var metrics = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "FraiseQL" && instrument.Name == "fraiseql.graphql.requests")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        metrics.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "outcome")
                {
                    requests.Enqueue((string)tag.Value!);
                }
            }
        });
        metrics.Start();

        await DataAsync("query TelemetryProbe { orders(limit: 1) { id } }");

        // one activity per request, with the operation's type and name, and PostgreSQL's statement as its child span
        var request = Assert.Single(activities, a => a.OperationName == "graphql.request" && Equals(a.GetTagItem("graphql.operation.name"), "TelemetryProbe"));
        Assert.Equal("query", request.GetTagItem("graphql.operation.type"));
        // (the first request of a pool also has the connection's CONNECT span beside it)
        var sql = Assert.Single(activities, a => a.Source.Name == "Npgsql" && a.ParentSpanId == request.SpanId
            && a.TagObjects.Any(tag => tag.Value is string text && text.Contains("v_order", StringComparison.Ordinal)));
        Assert.Equal(request.TraceId, sql.TraceId);
        Assert.Contains("Executed", requests);
    }

    [Fact]
    public async Task Introspection_describes_the_generated_filters()
    {
        var data = await DataAsync("{ __type(name: \"OrderItemListFilter\") { kind inputFields { name } } where: __type(name: \"OrderWhereInput\") { inputFields { name type { name } } } }");
        var ops = data.GetProperty("__type").GetProperty("inputFields").EnumerateArray().Select(f => f.GetProperty("name").GetString()).ToArray();
        Assert.Contains("array_contains", ops);
        Assert.Contains("len_gte", ops);
        var items = data.GetProperty("where").GetProperty("inputFields").EnumerateArray().Single(f => f.GetProperty("name").GetString() == "items");
        Assert.Equal("OrderItemListFilter", items.GetProperty("type").GetProperty("name").GetString());
    }

    /// <summary>
    /// A browser's graphql-ws client cannot put headers on the upgrade: its token comes in connection_init
    /// (<c>connectionParams</c>). A valid one runs the connection as that caller, a forged one closes the socket with
    /// 4403 and the reason, and none leaves it anonymous (the order service allows anonymous callers).
    /// </summary>
    [Fact]
    public async Task A_websocket_client_authenticates_in_connection_init()
    {
        const string CreateOrder = """
            {"id":"1","type":"subscribe","payload":{"query":"mutation { createOrder(input: {userId: \"7f6c1a52-3c1e-4a5e-9a43-1c2b3d4e5f60\", itemIds: [\"SKU-0001\"]}) { status } }"}}
            """;
        var host = _host!;

        using (var staff = await host.ConnectWebSocketAsync())
        {
            await SendAsync(staff, $$$"""{"type":"connection_init","payload":{"Authorization":"Bearer {{{_staff}}}"}}""");
            Assert.Equal("connection_ack", (await ReceiveAsync(staff)).Message!.Value.GetProperty("type").GetString());
            await SendAsync(staff, CreateOrder);
            var next = (await ReceiveAsync(staff)).Message!.Value;
            Assert.Equal("next", next.GetProperty("type").GetString());
            Assert.Equal("pending", next.GetProperty("payload").GetProperty("data").GetProperty("createOrder").GetProperty("status").GetString());
        }

        using (var headers = await host.ConnectWebSocketAsync())
        {
            // the headers-object form some clients use, and a lower-case key
            await SendAsync(headers, $$$$"""{"type":"connection_init","payload":{"headers":{"authorization":"Bearer {{{{_staff}}}}"}}}""");
            Assert.Equal("connection_ack", (await ReceiveAsync(headers)).Message!.Value.GetProperty("type").GetString());
            await SendAsync(headers, CreateOrder);
            Assert.Equal("next", (await ReceiveAsync(headers)).Message!.Value.GetProperty("type").GetString());
        }

        using (var forged = await host.ConnectWebSocketAsync())
        {
            await SendAsync(forged, """{"type":"connection_init","payload":{"Authorization":"Bearer not-a-token"}}""");
            var closed = await ReceiveAsync(forged);
            Assert.Null(closed.Message);
            Assert.Equal(4403, (int?)forged.CloseStatus);
            Assert.Contains("malformed", forged.CloseStatusDescription, StringComparison.Ordinal);
        }

        using var anonymous = await host.ConnectWebSocketAsync();
        await SendAsync(anonymous, """{"type":"connection_init","payload":{}}""");
        Assert.Equal("connection_ack", (await ReceiveAsync(anonymous)).Message!.Value.GetProperty("type").GetString());
        await SendAsync(anonymous, CreateOrder);
        var refused = (await ReceiveAsync(anonymous)).Message!.Value;
        Assert.Equal("error", refused.GetProperty("type").GetString());
        Assert.Contains("createOrder", refused.GetProperty("payload")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    private static Task SendAsync(System.Net.WebSockets.WebSocket socket, string json) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(json), System.Net.WebSockets.WebSocketMessageType.Text, true, CancellationToken.None);

    /// <summary>The next message, or a null message once the server closed the socket.</summary>
    private static async Task<(JsonElement? Message, bool Closed)> ReceiveAsync(System.Net.WebSockets.WebSocket socket)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var buffer = new byte[64 * 1024];
        var count = 0;
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.AsMemory(count), timeout.Token);
            if (result.MessageType == System.Net.WebSockets.WebSocketMessageType.Close)
            {
                return (null, true);
            }
            count += result.Count;
            if (result.EndOfMessage)
            {
                using var doc = JsonDocument.Parse(buffer.AsMemory(0, count));
                return (doc.RootElement.Clone(), false);
            }
        }
    }
}
