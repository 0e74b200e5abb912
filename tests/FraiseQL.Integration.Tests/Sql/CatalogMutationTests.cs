using FraiseQL.Execution;
using FraiseQL.Integration.Tests.Infrastructure;
using static FraiseQL.Integration.Tests.Sql.Sel;

namespace FraiseQL.Integration.Tests.Sql;

[Collection(ServersCollection.Name)]
public sealed class CatalogMutationTests(ServersFixture servers) : IAsyncLifetime
{
    private readonly RecordingEventSink _sink = new();
    private SqlTestDatabase _db = null!;

    private static readonly RequestContext Tenant1 = new()
    {
        CorrelationId = "corr-1",
        Principal = "user-1",
        Claims = new Dictionary<string, string> { ["tenant_id"] = "t1" },
    };

    public async Task InitializeAsync() => _db = await CatalogDatabaseFixture.CreateAsync(servers.Postgres, _sink);

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private static FieldSelection RateBook(string id, long rating) =>
        F("rateBook", F("__typename"), On("Book", "title"), On("Book", "rating"), On("Book", "updatedFields"), On("Book", "cascade"),
            On("BookError", "status"), On("BookError", "message"), On("BookError", "field"), On("BookError", "max"),
            On("BookError", "httpStatus"), On("BookError", "errorClass"))
            .Args(("id", id), ("rating", rating));

    [Fact]
    public async Task CurrentShapeSuccessProjectsUnionMemberWithUpdatedFieldsAndCascade()
    {
        var json = await _db.MutateAsync(CatalogSchema.RateBook, RateBook(CatalogDatabaseFixture.Dune, 3), Tenant1);
        using (var doc = System.Text.Json.JsonDocument.Parse(json))
        {
            var root = doc.RootElement;
            Assert.Equal("Dune", root.GetProperty("title").GetString());
            Assert.Equal(3, root.GetProperty("rating").GetInt32());
            Assert.Equal(["rating"], root.GetProperty("updatedFields").EnumerateArray().Select(e => e.GetString()));
            Assert.Equal("Book", root.GetProperty("__typename").GetString());
            // Book.cascade is the JSON scalar: the function's cascade as it is, every key (the Shelf entity's "title" too)
            var cascade = root.GetProperty("cascade");
            Assert.Equal(3, cascade.GetProperty("updated").GetArrayLength());
            Assert.Equal(CatalogDatabaseFixture.Dune, cascade.GetProperty("updated")[0].GetProperty("id").GetString());
            Assert.Equal("not a Book", cascade.GetProperty("updated")[1].GetProperty("entity").GetProperty("title").GetString());
            Assert.Equal(4, cascade.GetProperty("metadata").GetProperty("affectedCount").GetInt32());
        }
        var evt = Assert.Single(_sink.Events);
        Assert.Equal("fraiseql.book.rated", evt.Publish.Subject);
        Assert.Equal(Guid.Parse(CatalogDatabaseFixture.Dune), evt.EntityId);
        Assert.Equal(Json.Q("{'old':5}"), Json.Normalize(evt.MetadataJson!));
        Assert.Equal("user-1", evt.Context.Principal);
        Assert.Equal(3, await _db.ScalarAsync<int>($"SELECT rating FROM tb_book WHERE id = '{CatalogDatabaseFixture.Dune}'"));
    }

    [Fact]
    public async Task CurrentShapeErrorIsReturnedInDataAsTheErrorMember()
    {
        var json = await _db.MutateAsync(CatalogSchema.RateBook, RateBook(CatalogDatabaseFixture.Dune, 9), Tenant1);
        Assert.Equal(Json.Q("{'__typename':'BookError','status':'validation','message':'rating must be between 1 and 5','field':'rating','max':5,'httpStatus':422,'errorClass':'validation'}"), json);
        Assert.Empty(_sink.Events);
        Assert.Equal(0L, await _db.ScalarAsync<long>("SELECT count(*) FROM test_outbox"));

        json = await _db.MutateAsync(CatalogSchema.RateBook, RateBook(Guid.NewGuid().ToString(), 3), Tenant1);
        Assert.Equal(Json.Q("{'__typename':'BookError','status':'not_found','message':'Book not found','field':null,'max':null,'httpStatus':404,'errorClass':'not_found'}"), json);
    }

    [Fact]
    public async Task ErrorDetailIsProjectedToTheSelectionAndMaskedFieldsAreNull()
    {
        // error_detail.limits is {min, max, internal_note}: only the selected max may leave, and a masked field is null
        var limits = new FieldSelection { ResponseName = "limits", FieldName = "limits", TypeCondition = "BookError", Selections = [F("max")] };
        var maskedField = new FieldSelection { ResponseName = "field", FieldName = "field", TypeCondition = "BookError", Masked = true };
        var selection = new FieldSelection { ResponseName = "rateBook", FieldName = "rateBook", Selections = [F("__typename"), maskedField, limits] }
            .Args(("id", CatalogDatabaseFixture.Dune), ("rating", 9L));
        var json = await _db.MutateAsync(CatalogSchema.RateBook, selection, Tenant1);
        Assert.Equal(Json.Q("{'__typename':'BookError','field':null,'limits':{'max':5}}"), json);
    }

    [Fact]
    public async Task CurrentShapeNoopReturnsEntityWithoutEvent()
    {
        var json = await _db.MutateAsync(CatalogSchema.RateBook, RateBook(CatalogDatabaseFixture.Dune, 5), Tenant1);
        Assert.Equal(Json.Q("{'__typename':'Book','title':'Dune','rating':5,'updatedFields':[],'cascade':null}"), json);
        Assert.Empty(_sink.Events);
    }

    [Fact]
    public async Task PayloadFormProjectsTheEntityUnderEntityAndResponseColumnsBesideIt()
    {
        var json = await _db.MutateAsync(CatalogSchema.RateBookWithPayload,
            F("rateBookWithPayload", F("message"), F("entity", F("title"), F("rating")), F("updatedFields"), F("__typename"))
                .Args(("id", CatalogDatabaseFixture.Emma), ("rating", 1L)), Tenant1);
        Assert.Equal(Json.Q("{'message':'rated','entity':{'title':'Emma','rating':1},'updatedFields':['rating'],'__typename':'RateBookPayload'}"), json);
    }

    [Fact]
    public async Task TypedCascadeIsProjectedToTheSelectionWithEachEntityByItsTypename()
    {
        var entity = F("entity", F("__typename"), F("id"), On("Book", "title"), On("Book", "rating"), On("Shelf", "label"));
        var json = await _db.MutateAsync(CatalogSchema.RateBookWithPayload,
            F("rateBookWithPayload",
                F("cascade",
                    F("updated", F("typename"), F("operation"), entity),
                    F("deleted", F("typename"), F("id"), F("deletedAt")),
                    F("invalidations", F("queryName"), F("scope")),
                    F("metadata", F("affectedCount"), F("transactionId"))))
                .Args(("id", CatalogDatabaseFixture.Emma), ("rating", 2L)), Tenant1);
        var emma = CatalogDatabaseFixture.Emma;
        // Book and Shelf entities each with their own fragment's fields (Shelf's entity has a "title" key: not selected
        // for it); an entity of a type that is no CascadeNode ("Gone") is null; keys the function left out are null
        Assert.Equal(Json.Q($$$$"""
            {'cascade':{
              'updated':[
                {'typename':'Book','operation':'UPDATED','entity':{'__typename':'Book','id':'{{{{emma}}}}','title':'Emma','rating':2}},
                {'typename':'Shelf','operation':'CREATED','entity':{'__typename':'Shelf','id':'00000000-0000-0000-0000-00000000000a','label':'Top rated'}},
                {'typename':'Gone','operation':'UPDATED','entity':null}],
              'deleted':[{'typename':'Shelf','id':'00000000-0000-0000-0000-00000000000c','deletedAt':'2026-12-03T10:00:00Z'}],
              'invalidations':[{'queryName':'books','scope':'PREFIX'}],
              'metadata':{'affectedCount':4,'transactionId':null}}}
            """), json);
    }

    [Fact]
    public async Task TypedCascadeOfANoopIsNull()
    {
        var json = await _db.MutateAsync(CatalogSchema.RateBookWithPayload,
            F("rateBookWithPayload", F("message"), F("cascade", F("updated", F("typename"))))
                .Args(("id", CatalogDatabaseFixture.Dune), ("rating", 5L)), Tenant1);
        Assert.Equal(Json.Q("{'message':'unchanged','cascade':null}"), json);
    }

    [Fact]
    public async Task WithoutAnErrorTypeErrorsBecomeGraphQLErrors()
    {
        var e = await Assert.ThrowsAsync<GraphQLErrorException>(() =>
            _db.MutateAsync(CatalogSchema.RateBookPlain, F("rateBookPlain", F("title")).Args(("id", CatalogDatabaseFixture.Dune), ("rating", 0L)), Tenant1));
        Assert.Equal("BAD_USER_INPUT", e.Error.Code);
        Assert.Equal("rating must be between 1 and 5", e.Error.Message);
        Assert.Equal("validation:rating_range", e.Error.Extensions!["status"]);
        Assert.Equal(422, e.Error.Extensions["httpStatus"]);
    }

    [Fact]
    public async Task InjectedParameterComesFromTheClaimAndIsRequired()
    {
        // Tenant t2 cannot see t1's book: the function receives the claim, not a client value.
        var t2 = new RequestContext { CorrelationId = "c", Principal = "u", Claims = new Dictionary<string, string> { ["tenant_id"] = "t2" } };
        var e = await Assert.ThrowsAsync<GraphQLErrorException>(() =>
            _db.MutateAsync(CatalogSchema.RateBookPlain, F("rateBookPlain", F("title")).Args(("id", CatalogDatabaseFixture.Dune), ("rating", 1L)), t2));
        Assert.Equal("NOT_FOUND", e.Error.Code);

        var anonymous = await Assert.ThrowsAsync<GraphQLErrorException>(() =>
            _db.MutateAsync(CatalogSchema.RateBookPlain, F("rateBookPlain", F("title")).Args(("id", CatalogDatabaseFixture.Dune), ("rating", 1L))));
        Assert.Equal("UNAUTHENTICATED", anonymous.Error.Code);
    }

    [Fact]
    public async Task RequestTimeoutCancelsTheMutationAndRollsItBack()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var e = await Assert.ThrowsAsync<GraphQLErrorException>(() =>
            _db.MutateAsync(CatalogSchema.SlowTouch, F("slowTouch", F("title")).Args(("value", "x")), cancellationToken: timeout.Token));
        Assert.Equal("TIMEOUT", e.Error.Code);
        Assert.Equal(0L, await _db.ScalarAsync<long>("SELECT count(*) FROM tb_touch"));
        Assert.Empty(_sink.Events);
    }

    [Theory]
    [InlineData("success")]
    [InlineData("new")]
    [InlineData("created")]
    [InlineData("updated")]
    [InlineData("deleted:soft")]
    public async Task EightColumnSuccessStatuses(string status)
    {
        var json = await _db.MutateAsync(CatalogSchema.Status, F("status", F("title")).Args(("status", status)));
        Assert.Equal(Json.Q("{'title':'T'}"), json);
        Assert.Single(_sink.Events);
    }

    [Theory]
    [InlineData("noop")]
    [InlineData("noop:unchanged")]
    public async Task EightColumnNoopStatuses(string status)
    {
        Assert.Equal(Json.Q("{'title':'T'}"), await _db.MutateAsync(CatalogSchema.Status, F("status", F("title")).Args(("status", status))));
        Assert.Empty(_sink.Events);
    }

    [Theory]
    [InlineData("validation:email", "BAD_USER_INPUT", 422)]
    [InlineData("conflict:duplicate", "CONFLICT", 409)]
    [InlineData("not_found:book", "NOT_FOUND", 404)]
    [InlineData("unauthorized", "UNAUTHENTICATED", 401)]
    [InlineData("forbidden", "FORBIDDEN", 403)]
    [InlineData("timeout", "TIMEOUT", 504)]
    [InlineData("failed:db", "INTERNAL_SERVER_ERROR", 500)]
    [InlineData("error", "INTERNAL_SERVER_ERROR", 500)]
    [InlineData("mystery", "INTERNAL_SERVER_ERROR", 500)]
    public async Task EightColumnErrorStatuses(string status, string code, int httpStatus)
    {
        var e = await Assert.ThrowsAsync<GraphQLErrorException>(() => _db.MutateAsync(CatalogSchema.Status, F("status", F("title")).Args(("status", status))));
        Assert.Equal(code, e.Error.Code);
        if (status == "mystery")
        {
            // an unknown status is the function's mistake: the error says so, not the message the function sent with it
            Assert.EndsWith("returned the unknown status 'mystery'.", e.Error.Message, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal("message for " + status, e.Error.Message);
        }
        Assert.Equal(status, e.Error.Extensions!["status"]);
        Assert.Equal(httpStatus, e.Error.Extensions["httpStatus"]);
        // the function's answer, not a failure of the request: a "timeout" status is no 504 ending the operation
        Assert.True(e.Error.IsFunctionOutcome);
        Assert.Empty(_sink.Events);
    }

    /// <summary>The function echoed its argument as jsonb text in title: compare it as JSON (jsonb orders keys its own way).</summary>
    private static void AssertEchoed(string expected, string json)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(json);
        var echoed = doc.RootElement.GetProperty("title").GetString()!;
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(System.Text.Json.Nodes.JsonNode.Parse(expected), System.Text.Json.Nodes.JsonNode.Parse(echoed)), echoed);
    }

    [Fact]
    public async Task AJsonValueInsideTheInputReachesTheFunctionWithItsKeysAsSent()
    {
        // JSON is free-form data: its keys are not fields, so they are not recased (FraiseQL leaves them as sent too)
        var extra = Obj(("someKey", 1L), ("nested", Obj(("innerKey", List(Obj(("deepKey", true)))))));
        var flattened = await _db.MutateAsync(CatalogSchema.EchoExtra,
            F("echoExtra", F("title")).Args(("input", Obj(("title", "t"), ("extraData", extra)))));
        AssertEchoed(Json.Q("{'someKey':1,'nested':{'innerKey':[{'deepKey':true}]}}"), flattened);

        // the whole input as one jsonb: the input's own keys become storage keys, the JSON field's value is as sent
        var whole = await _db.MutateAsync(CatalogSchema.EchoInputAsJsonb,
            F("echoInputAsJsonb", F("title")).Args(("input", Obj(("title", "t"), ("extraData", extra)))));
        AssertEchoed(Json.Q("{'title':'t','extra_data':{'someKey':1,'nested':{'innerKey':[{'deepKey':true}]}}}"), whole);

        // a whole `input: JSON` has no fields to map, so its keys are snake_cased at every depth (FORMATS §4.1)
        var json = await _db.MutateAsync(CatalogSchema.EchoJsonInput, F("echoJsonInput", F("title")).Args(("input", extra)));
        AssertEchoed(Json.Q("{'some_key':1,'nested':{'inner_key':[{'deep_key':true}]}}"), json);
    }

    [Theory]
    [InlineData("success")]
    [InlineData("noop")]
    public async Task ASuccessWithoutAnEntityForANonNullTypeIsAnErrorAndRolledBack(string status)
    {
        // statusWithoutEntity returns Book!: null there is not a value GraphQL allows, so it is a contract error
        var e = await Assert.ThrowsAsync<GraphQLErrorException>(() =>
            _db.MutateAsync(CatalogSchema.StatusWithoutEntity, F("statusWithoutEntity", F("title")).Args(("status", status))));
        Assert.Equal("INTERNAL_SERVER_ERROR", e.Error.Code);
        Assert.Contains("non-null Book!", e.Error.Message, StringComparison.Ordinal);
        Assert.Equal(0L, await _db.ScalarAsync<long>("SELECT count(*) FROM tb_touch"));
        Assert.Empty(_sink.Events);

        // declared nullable, the same answer is null, and the write stands
        Assert.Equal("null", await _db.MutateAsync(CatalogSchema.NullableStatusWithoutEntity,
            F("nullableStatusWithoutEntity", F("title")).Args(("status", status))));
        Assert.Equal(1L, await _db.ScalarAsync<long>("SELECT count(*) FROM tb_touch"));
    }

    [Theory]
    [InlineData(true, true, "validation", null, "error_class")]
    [InlineData(false, true, "conflict", null, "state_changed")]
    [InlineData(false, false, "conflict", 42, "http_status")]
    [InlineData(null, true, null, null, "NULL")]
    public async Task ACurrentShapeRowBreakingItsInvariantsIsRolledBackAsAContractError(bool? succeeded, bool stateChanged, string? errorClass, int? httpStatus, string named)
    {
        var e = await Assert.ThrowsAsync<GraphQLErrorException>(() => _db.MutateAsync(CatalogSchema.CurrentRow,
            F("currentRow", F("title")).Args(("succeeded", succeeded), ("stateChanged", stateChanged), ("errorClass", errorClass), ("httpStatus", (long?)httpStatus))));
        Assert.Equal("INTERNAL_SERVER_ERROR", e.Error.Code);
        Assert.Contains("invalid mutation_response", e.Error.Message, StringComparison.Ordinal);
        Assert.Contains(named, e.Error.Message, StringComparison.Ordinal);
        Assert.Equal(0L, await _db.ScalarAsync<long>("SELECT count(*) FROM tb_touch"));

        // the same function keeping them commits
        Assert.Equal(Json.Q("{'title':'T'}"), await _db.MutateAsync(CatalogSchema.CurrentRow,
            F("currentRow", F("title")).Args(("succeeded", true), ("stateChanged", true), ("errorClass", null), ("httpStatus", null))));
        Assert.Equal(1L, await _db.ScalarAsync<long>("SELECT count(*) FROM tb_touch"));
    }
}
