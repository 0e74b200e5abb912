using System.Buffers;
using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Text.Json;
using FraiseQL.Execution;
using FraiseQL.GraphQL;
using FraiseQL.Runtime.Tests.Support;

namespace FraiseQL.Runtime.Tests;

public sealed class HttpEndpointTests : IAsyncLifetime
{
    private TestHost _host = null!;

    public async Task InitializeAsync() => _host = await TestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Post_query_passes_sql_json_through_and_uses_graphql_response_media_type()
    {
        _host.Executor.Responses["orders"] = """[{"id":"a","total":12.50}]""";
        var response = await _host.PostAsync("{ orders(limit: 5) { id total } }");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/graphql-response+json", response.Content.Headers.ContentType!.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal("""{"data":{"orders":[{"id":"a","total":12.50}]}}""", text);
        var call = Assert.Single(_host.Executor.Calls);
        Assert.Equal(5L, call.Field.Arguments["limit"]);
        Assert.Equal(["id", "total"], call.Field.Selections.Select(s => s.ResponseName));
    }

    [Fact]
    public async Task Application_json_is_used_when_asked_or_when_no_accept_header()
    {
        var asked = await _host.PostAsync("{ __typename }", accept: "application/json");
        Assert.Equal("application/json", asked.Content.Headers.ContentType!.MediaType);
        var none = await _host.PostAsync("{ __typename }", accept: null);
        Assert.Equal("application/json", none.Content.Headers.ContentType!.MediaType);
        Assert.Equal("""{"data":{"__typename":"Query"}}""", await none.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Validation_error_is_400_with_graphql_response_json_and_200_with_application_json()
    {
        var strict = await _host.PostAsync("{ orders { nope } }");
        Assert.Equal(HttpStatusCode.BadRequest, strict.StatusCode);
        var body = await TestHost.JsonAsync(strict);
        Assert.False(body.TryGetProperty("data", out _));
        var error = body.GetProperty("errors")[0];
        Assert.Contains("Cannot query field \"nope\" on type \"Order\"", error.GetProperty("message").GetString());
        Assert.Equal(1, error.GetProperty("locations")[0].GetProperty("line").GetInt32());
        Assert.Equal(12, error.GetProperty("locations")[0].GetProperty("column").GetInt32());
        Assert.Equal("GRAPHQL_VALIDATION_FAILED", error.GetProperty("extensions").GetProperty("code").GetString());

        var legacy = await _host.PostAsync("{ orders { nope } }", accept: "application/json");
        Assert.Equal(HttpStatusCode.OK, legacy.StatusCode);
        Assert.Empty(_host.Executor.Calls);
    }

    [Fact]
    public async Task Syntax_error_has_location_and_parse_code()
    {
        var response = await _host.PostAsync("{ orders { id }");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await TestHost.JsonAsync(response)).GetProperty("errors")[0];
        Assert.StartsWith("Syntax Error", error.GetProperty("message").GetString());
        Assert.Equal("GRAPHQL_PARSE_FAILED", error.GetProperty("extensions").GetProperty("code").GetString());
        Assert.Equal(1, error.GetProperty("locations")[0].GetProperty("line").GetInt32());
    }

    [Theory]
    [InlineData("not json", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("[1,2]", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("""{"query": 5}""", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("""{"variables": {}}""", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("""{"query":"{ __typename }","variables":[1]}""", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("""{"query":"{ __typename }"}""", "text/plain", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("""{"query":"{ __typename }"}""", null, HttpStatusCode.UnsupportedMediaType)]
    public async Task Malformed_requests_get_spec_shaped_errors(string body, string? contentType, HttpStatusCode expected)
    {
        foreach (var accept in new[] { "application/graphql-response+json", "application/json" })
        {
            var response = await _host.PostRawAsync(body, contentType, accept);
            Assert.Equal(expected, response.StatusCode);
            var json = await TestHost.JsonAsync(response);
            Assert.False(string.IsNullOrEmpty(json.GetProperty("errors")[0].GetProperty("message").GetString()));
        }
    }

    /// <summary>Invalid UTF-8 inside a JSON string parses, and failed only when the string was read: it was a 500.</summary>
    [Theory]
    [InlineData(new byte[] { 0xE5 })]
    [InlineData(new byte[] { 0xC0, 0xAF })]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]
    public async Task A_body_that_is_not_utf8_is_a_400(byte[] bad)
    {
        byte[] body = [.. "{\"query\":\"{ __ty"u8, .. bad, .. "pename }\"}"u8];
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = content };
        request.Headers.Accept.ParseAdd("application/graphql-response+json");
        var response = await _host.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await TestHost.JsonAsync(response)).GetProperty("errors")[0];
        Assert.Contains("not valid UTF-8", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    /// <summary>Valid JSON, but a string with half a surrogate pair is no text: reading it threw, a 500.</summary>
    [Theory]
    [InlineData("""{"query":"{ __ty\ud800pename }"}""")]
    [InlineData("""{"query":"{ __typename }","operationName":"\udc00"}""")]
    [InlineData("""{"query":"query($s: String) { __typename }","variables":{"s":"a\ud800"}}""")]
    [InlineData("""{"query":"{ __typename }","variables":{"\ud800":1}}""")]
    public async Task A_string_with_half_a_surrogate_pair_is_a_400(string body)
    {
        var response = await _host.PostRawAsync(body, "application/json", "application/graphql-response+json");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("surrogate", (await TestHost.JsonAsync(response)).GetProperty("errors")[0].GetProperty("message").GetString(), StringComparison.Ordinal);

        var get = await _host.GetAsync("query=" + Uri.EscapeDataString("query($s: String) { __typename }") + "&variables=" + Uri.EscapeDataString("""{"s":"\ud800"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, get.StatusCode);
    }

    [Fact]
    public async Task Unacceptable_accept_header_is_406()
    {
        var response = await _host.PostAsync("{ __typename }", accept: "text/xml");
        Assert.Equal(HttpStatusCode.NotAcceptable, response.StatusCode);
    }

    [Fact]
    public async Task Get_runs_queries_and_refuses_mutations_with_405()
    {
        var ok = await _host.GetAsync("query=" + Uri.EscapeDataString("query Q($id: UUID!) { order(id: $id) { id } }")
            + "&variables=" + Uri.EscapeDataString("""{"id":"123e4567-e89b-12d3-a456-426614174000"}""") + "&operationName=Q");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("123e4567-e89b-12d3-a456-426614174000", Assert.Single(_host.Executor.Calls).Field.Arguments["id"]);

        var mutation = await _host.GetAsync("query=" + Uri.EscapeDataString("mutation { cancelOrder(id: \"123e4567-e89b-12d3-a456-426614174000\") { id } }"));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, mutation.StatusCode);
        Assert.Contains("POST", mutation.Content.Headers.Allow);
        Assert.Single(_host.Executor.Calls);
    }

    [Fact]
    public async Task A_hidden_root_field_fails_the_request_before_any_field_runs()
    {
        // cancelOrder is hidden from the caller; createOrder, before it in the document, must not run either
        await using var host = await TestHost.StartAsync(services: s => s.AddSingleton<IFieldAuthorizer>(new HidingFieldAuthorizer("cancelOrder")));
        var response = await host.PostAsync("""mutation { createOrder(input: {customerId: "123e4567-e89b-12d3-a456-426614174000", items: []}) { id } cancelOrder(id: "123e4567-e89b-12d3-a456-426614174000") { id } }""");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await TestHost.JsonAsync(response);
        Assert.False(body.TryGetProperty("data", out _), body.GetRawText());
        var error = body.GetProperty("errors")[0];
        Assert.Equal("Cannot query field \"cancelOrder\" on type \"Mutation\".", error.GetProperty("message").GetString());
        Assert.Equal("GRAPHQL_VALIDATION_FAILED", error.GetProperty("extensions").GetProperty("code").GetString());
        Assert.Empty(host.Executor.Calls);

        // the visible one alone runs
        host.Executor.Responses["createOrder"] = "{\"id\":\"o1\"}";
        var alone = await host.PostAsync("""mutation { createOrder(input: {customerId: "123e4567-e89b-12d3-a456-426614174000", items: []}) { id } }""");
        Assert.Equal(HttpStatusCode.OK, alone.StatusCode);
        Assert.Equal("createOrder", Assert.Single(host.Executor.Calls).Name);
    }

    [Fact]
    public async Task A_failed_non_null_mutation_stops_the_mutations_after_it()
    {
        // data is null once createOrder (Order!) fails: cancelOrder after it would commit a result no client ever sees
        _host.Executor.FailingField = "createOrder";
        _host.Executor.Failure = new GraphQLErrorException(new GraphQLError("rating must be between 1 and 5", "BAD_USER_INPUT"));
        _host.Executor.Responses["cancelOrder"] = "{\"id\":\"o1\"}";
        var response = await _host.PostAsync("""mutation { createOrder(input: {customerId: "123e4567-e89b-12d3-a456-426614174000", items: []}) { id } cancelOrder(id: "123e4567-e89b-12d3-a456-426614174000") { id } }""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await TestHost.JsonAsync(response);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("data").ValueKind);
        Assert.Equal("createOrder", Assert.Single(body.GetProperty("errors").EnumerateArray()).GetProperty("path")[0].GetString());
        Assert.Equal("createOrder", Assert.Single(_host.Executor.Calls).Name);
    }

    [Fact]
    public async Task A_mutation_function_answering_timeout_is_a_field_error_not_a_504()
    {
        // the function's own `timeout` class (a payment gateway it waited for): not the request's timeout, so the
        // response is 200 with data and the mutations after it still run
        _host.Executor.FailingField = "cancelOrder";
        _host.Executor.Failure = new GraphQLErrorException(new GraphQLError("the gateway did not answer", "TIMEOUT") { IsFunctionOutcome = true });
        _host.Executor.Responses["createOrder"] = "{\"id\":\"o1\"}";
        var response = await _host.PostAsync("""mutation { c: cancelOrder(id: "123e4567-e89b-12d3-a456-426614174000") { id } createOrder(input: {customerId: "123e4567-e89b-12d3-a456-426614174000", items: []}) { id } }""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await TestHost.JsonAsync(response);
        Assert.Equal("""{"c":null,"createOrder":{"id":"o1"}}""", body.GetProperty("data").GetRawText());
        Assert.Equal("TIMEOUT", body.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString());
        Assert.Equal(2, _host.Executor.Calls.Count);
    }

    [Fact]
    public async Task Root_typename_names_the_operation_root_type()
    {
        _host.Executor.Responses["cancelOrder"] = "null";
        var response = await _host.PostAsync("""mutation { __typename cancelOrder(id: "123e4567-e89b-12d3-a456-426614174000") { id } }""");
        Assert.Equal("""{"data":{"__typename":"Mutation","cancelOrder":null}}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Data_only_body_holds_every_root_field_in_document_order_byte_for_byte()
    {
        _host.Executor.Responses["orders"] = """[{"id":"é\u00e9"}]""";
        _host.Executor.Responses["order"] = "";
        var response = await _host.PostAsync("""{ first: orders(limit: 1) { id } __typename one: order(id: "123e4567-e89b-12d3-a456-426614174000") { id } again: orders(limit: 2) { id } }""");
        Assert.Equal("""{"data":{"first":[{"id":"é\u00e9"}],"__typename":"Query","one":null,"again":[{"id":"é\u00e9"}]}}""", await response.Content.ReadAsStringAsync());
        Assert.Equal(response.Content.Headers.ContentLength, (await response.Content.ReadAsByteArrayAsync()).Length);

        var skipped = await _host.PostAsync("{ __typename @skip(if: true) }");
        Assert.Equal("""{"data":{}}""", await skipped.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Put_is_405_with_allow_header()
    {
        var response = await _host.Client.PutAsync("/graphql", new StringContent("{}"));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [Fact]
    public async Task Variables_are_coerced_with_enums_as_storage_values_and_input_defaults()
    {
        _host.Executor.Responses["createOrder"] = """{"id":"x"}""";
        var response = await _host.PostAsync(
            "mutation Create($input: CreateOrderInput!) { createOrder(input: $input) { id } }",
            """{"input":{"customerId":"123e4567-e89b-12d3-a456-426614174000","items":[{"productId":"123e4567-e89b-12d3-a456-426614174001"}],"status":"SHIPPED"}}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var call = Assert.Single(_host.Executor.Calls);
        Assert.Equal("mutation", call.Kind);
        var input = Assert.IsAssignableFrom<IReadOnlyDictionary<string, object?>>(call.Field.Arguments["input"]);
        Assert.Equal("shipped", input["status"]);
        var item = Assert.IsAssignableFrom<IReadOnlyDictionary<string, object?>>(Assert.Single(Assert.IsAssignableFrom<IReadOnlyList<object?>>(input["items"])));
        Assert.Equal(1L, item["quantity"]);
        Assert.False(input.ContainsKey("note"));
    }

    [Fact]
    public async Task Bad_variable_value_is_a_request_error_naming_the_path()
    {
        var response = await _host.PostAsync(
            "mutation Create($input: CreateOrderInput!) { createOrder(input: $input) { id } }",
            """{"input":{"customerId":"not-a-uuid","items":[]}}""");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await TestHost.JsonAsync(response)).GetProperty("errors")[0];
        Assert.Contains("input.customerId", error.GetProperty("message").GetString());
        Assert.Equal("BAD_USER_INPUT", error.GetProperty("extensions").GetProperty("code").GetString());
        Assert.Empty(_host.Executor.Calls);
    }

    [Fact]
    public async Task Missing_required_variable_is_a_request_error()
    {
        var response = await _host.PostAsync("query Q($id: UUID!) { order(id: $id) { id } }");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\"$id\"", (await TestHost.JsonAsync(response)).GetProperty("errors")[0].GetProperty("message").GetString());
    }

    [Fact]
    public async Task Fragments_aliases_skip_include_and_literals_build_the_field_selection()
    {
        var response = await _host.PostAsync("""
            query Q($withNote: Boolean!, $skipTotal: Boolean = true) {
              recent: orders(where: {status: {eq: PENDING}, _or: [{note: {eq: "x"}}]}, orderBy: [{field: "createdAt", direction: DESC}], limit: 3) {
                ...OrderParts
                note @include(if: $withNote)
                total @skip(if: $skipTotal)
                items { qty: quantity }
              }
            }
            fragment OrderParts on Order { id id2: id status }
            """, """{"withNote": false}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var field = Assert.Single(_host.Executor.Calls).Field;
        Assert.Equal("recent", field.ResponseName);
        Assert.Equal("orders", field.FieldName);
        Assert.Equal(["id", "id2", "status", "items"], field.Selections.Select(s => s.ResponseName));
        Assert.Equal("quantity", field.Selections[3].Selections[0].FieldName);
        Assert.Equal("qty", field.Selections[3].Selections[0].ResponseName);
        var where = Assert.IsAssignableFrom<IReadOnlyDictionary<string, object?>>(field.Arguments["where"]);
        var status = Assert.IsAssignableFrom<IReadOnlyDictionary<string, object?>>(where["status"]);
        Assert.Equal("pending", status["eq"]);
        var orderBy = Assert.IsAssignableFrom<IReadOnlyList<object?>>(field.Arguments["orderBy"]);
        Assert.Equal("DESC", Assert.IsAssignableFrom<IReadOnlyDictionary<string, object?>>(orderBy[0])["direction"]);
        Assert.Equal(2, field.Location.Line);
    }

    [Fact]
    public async Task Union_fragments_carry_their_type_condition()
    {
        await _host.PostAsync("""{ search(term: "a") { __typename ... on Order { id total } ... on Product { id sku } } }""");
        var field = Assert.Single(_host.Executor.Calls).Field;
        Assert.Equal(["__typename", "id", "total", "id", "sku"], field.Selections.Select(s => s.FieldName));
        Assert.Equal([null, "Order", "Order", "Product", "Product"], field.Selections.Select(s => s.TypeCondition));
    }

    [Fact]
    public async Task Operation_name_selects_the_operation()
    {
        var response = await _host.PostAsync("query A { __typename } query B { products { sku } }", operationName: "B");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("products", Assert.Single(_host.Executor.Calls).Name);

        var missing = await _host.PostAsync("query A { __typename } query B { __typename }");
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("operation name", (await TestHost.JsonAsync(missing)).GetProperty("errors")[0].GetProperty("message").GetString());

        var unknown = await _host.PostAsync("query A { __typename }", operationName: "C");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
    }

    [Fact]
    public async Task Field_error_nulls_a_nullable_field_and_keeps_the_rest()
    {
        _host.Executor.Responses["products"] = "[]";
        _host.Executor.Failure = null;
        var response = await _host.PostAsync("""{ order(id: "123e4567-e89b-12d3-a456-426614174000") { id } __typename }""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var failing = new FailingOnceExecutor();
        await using var host = await TestHost.StartAsync(services: s => s.AddSingleton<IRootFieldExecutor>(failing));
        var partial = await host.PostAsync("""{ o: order(id: "123e4567-e89b-12d3-a456-426614174000") { id } products { sku } }""");
        Assert.Equal(HttpStatusCode.OK, partial.StatusCode);
        var body = await TestHost.JsonAsync(partial);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("data").GetProperty("o").ValueKind);
        Assert.Equal("[]", body.GetProperty("data").GetProperty("products").GetRawText());
        var error = body.GetProperty("errors")[0];
        Assert.Equal("NOT_FOUND", error.GetProperty("extensions").GetProperty("code").GetString());
        Assert.Equal("o", error.GetProperty("path")[0].GetString());
    }

    [Fact]
    public async Task Error_in_non_null_root_field_nulls_data()
    {
        _host.Executor.Failure = new GraphQLErrorException(new GraphQLError("boom", "INTERNAL_SERVER_ERROR"));
        var response = await _host.PostAsync("{ orders { id } }");
        var body = await TestHost.JsonAsync(response);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("data").ValueKind);
        Assert.Equal("orders", body.GetProperty("errors")[0].GetProperty("path")[0].GetString());
    }

    [Fact]
    public async Task Postgres_unavailable_is_503_with_a_clear_error_and_recovers()
    {
        _host.Executor.Failure = new GraphQLErrorException(new GraphQLError("PostgreSQL is unavailable: connection refused", "SERVICE_UNAVAILABLE"));
        foreach (var accept in new[] { "application/graphql-response+json", "application/json" })
        {
            var down = await _host.PostAsync("{ orders { id } }", accept: accept);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
            var error = (await TestHost.JsonAsync(down)).GetProperty("errors")[0];
            Assert.Equal("SERVICE_UNAVAILABLE", error.GetProperty("extensions").GetProperty("code").GetString());
        }
        _host.Executor.Failure = null;
        _host.Executor.Responses["orders"] = "[]";
        var up = await _host.PostAsync("{ orders { id } }");
        Assert.Equal(HttpStatusCode.OK, up.StatusCode);
    }

    [Fact]
    public async Task Postgres_unavailable_on_a_nullable_field_is_503_without_data()
    {
        // GraphQL-over-HTTP: data that is not null MUST come with a 2xx, so a 503 carries no data entry at all
        _host.Executor.Failure = new GraphQLErrorException(new GraphQLError("PostgreSQL is unavailable: connection refused", "SERVICE_UNAVAILABLE"));
        foreach (var accept in new[] { "application/graphql-response+json", "application/json" })
        {
            var down = await _host.PostAsync("""{ order(id: "123e4567-e89b-12d3-a456-426614174000") { id } }""", accept: accept);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
            var body = await TestHost.JsonAsync(down);
            Assert.False(body.TryGetProperty("data", out _), body.GetRawText());
            Assert.Equal("SERVICE_UNAVAILABLE", body.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString());
            Assert.Equal("order", body.GetProperty("errors")[0].GetProperty("path")[0].GetString());
        }
    }

    [Fact]
    public async Task Postgres_unavailable_after_a_field_resolved_keeps_its_value_with_200()
    {
        // an earlier root field's value (think: a mutation that committed) is not thrown away: 200, data, and the error
        _host.Executor.Responses["products"] = "[]";
        _host.Executor.FailingField = "order";
        _host.Executor.Failure = new GraphQLErrorException(new GraphQLError("PostgreSQL is unavailable: connection refused", "SERVICE_UNAVAILABLE"));
        var response = await _host.PostAsync("""{ products { sku } o: order(id: "123e4567-e89b-12d3-a456-426614174000") { id } }""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await TestHost.JsonAsync(response);
        Assert.Equal("[]", body.GetProperty("data").GetProperty("products").GetRawText());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("data").GetProperty("o").ValueKind);
        Assert.Equal("SERVICE_UNAVAILABLE", body.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Unexpected_exception_is_a_field_error_without_stack_trace()
    {
        _host.Executor.Failure = new InvalidOperationException("secret internals");
        var response = await _host.PostAsync("{ order(id: \"123e4567-e89b-12d3-a456-426614174000\") { id } }");
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("secret internals", text);
        Assert.Contains("INTERNAL_SERVER_ERROR", text);
    }

    [Fact]
    public async Task Correlation_id_is_echoed_when_valid_and_generated_otherwise()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new StringContent("""{"query":"{ orders { id } }"}""", System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Correlation-Id", "abc-123.X_y");
        request.Headers.Add("X-Audit-Tags", "ticket=42; reason=test");
        var response = await _host.Client.SendAsync(request);
        Assert.Equal("abc-123.X_y", response.Headers.GetValues("X-Correlation-Id").Single());
        var context = Assert.Single(_host.Executor.Calls).Context;
        Assert.Equal("abc-123.X_y", context.CorrelationId);
        Assert.Equal("42", context.AuditTags["ticket"]);

        var bad = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new StringContent("""{"query":"{ __typename }"}""", System.Text.Encoding.UTF8, "application/json") };
        bad.Headers.Add("X-Correlation-Id", "has spaces & stuff");
        var generated = (await _host.Client.SendAsync(bad)).Headers.GetValues("X-Correlation-Id").Single();
        Assert.NotEqual("has spaces & stuff", generated);
        Assert.Equal(32, generated.Length);
    }

    [Fact]
    public async Task Health_live_is_200_and_ready_follows_readiness_checks()
    {
        var ready = true;
        await using var host = await TestHost.StartAsync(ready: () => ready);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("/health/ready")).StatusCode);
        ready = false;
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await host.Client.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task GraphiQL_is_served_to_browsers_in_development_only()
    {
        await using var dev = await TestHost.StartAsync(environment: "Development");
        var page = await dev.GetAsync("", accept: "text/html");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("graphiql", html, StringComparison.OrdinalIgnoreCase);
        // every file from the CDN is pinned to an exact version and checked by Subresource Integrity
        var external = System.Text.RegularExpressions.Regex.Matches(html, "<(script|link)[^>]*(src|href)=\"https://[^>]*>");
        Assert.Equal(4, external.Count);
        Assert.All(external, tag => Assert.Matches("@[0-9]+\\.[0-9]+\\.[0-9]+/.*integrity=\"sha384-[A-Za-z0-9+/]{64}\" crossorigin=\"anonymous\"", tag.Value));

        var prod = await _host.GetAsync("", accept: "text/html");
        Assert.NotEqual("text/html", prod.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Cors_follows_server_cors_origins()
    {
        await using var host = await TestHost.StartAsync(configureConfig: "[server.cors]\norigins = [\"https://app.example\"]\ncredentials = true\n");
        var preflight = new HttpRequestMessage(HttpMethod.Options, "/graphql");
        preflight.Headers.Add("Origin", "https://app.example");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        var answer = await host.Client.SendAsync(preflight);
        Assert.Equal(HttpStatusCode.NoContent, answer.StatusCode);
        Assert.Equal("https://app.example", answer.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("true", answer.Headers.GetValues("Access-Control-Allow-Credentials").Single());

        var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new StringContent("""{"query":"{ __typename }"}""", System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("Origin", "https://evil.example");
        var response = await host.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    private sealed class FailingOnceExecutor : IRootFieldExecutor
    {
        public ValueTask ExecuteQueryAsync(FraiseQL.Schema.QueryDescriptor query, FieldSelection field, RequestContext context, System.Buffers.IBufferWriter<byte> output, CancellationToken cancellationToken)
        {
            if (query.Name == "order")
            {
                throw new GraphQLErrorException(new GraphQLError("Order not found", "NOT_FOUND"));
            }
            output.Write("[]"u8);
            return ValueTask.CompletedTask;
        }

        public ValueTask ExecuteMutationAsync(FraiseQL.Schema.MutationDescriptor mutation, FieldSelection field, RequestContext context, System.Buffers.IBufferWriter<byte> output, CancellationToken cancellationToken) =>
            ValueTask.CompletedTask;
    }
}
