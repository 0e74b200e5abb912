using System.Text.Json;
using FraiseQL.GraphQL;
using FraiseQL.Runtime.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace FraiseQL.Runtime.Tests.GraphQL;

/// <summary>
/// An operation that declares no variables is planned once per document; one whose variables appear only in root
/// arguments keeps its plan below the root fields and re-binds the root arguments per request; any other is planned
/// on every request.
/// </summary>
public sealed class PlanCacheTests
{
    private static GraphQLExecutor Executor(DocumentCache cache, ExecutableSchema schema, QueryLimits limits) =>
        new(schema, cache, null, new AllowAllFieldAuthorizer(), limits, NullLogger<GraphQLExecutor>.Instance);

    private static ExecutableSchema Schema() => ExecutableSchema.Build(TestSchema.Build());

    /// <summary>Prepares <paramref name="document"/> with the variables in <paramref name="variablesJson"/> (none when null).</summary>
    private static PreparedOperation Prepare(GraphQLExecutor executor, string document, string? variablesJson = null)
    {
        using var variables = variablesJson is null ? null : JsonDocument.Parse(variablesJson);
        return executor.Prepare(new GraphQLRequest { Query = document, Variables = variables?.RootElement });
    }

    [Fact]
    public void The_document_cache_is_bounded_by_entries_and_by_characters_of_text()
    {
        var schema = Schema();
        var cache = new DocumentCache(schema, capacity: 1000, maxCharacters: 16_000);
        string Doc(int n, int padding) => "{ orders(limit: " + n + ") { id } }" + new string(' ', padding);
        var first = cache.GetOrPrepare(Doc(1, 900));
        Assert.Same(first, cache.GetOrPrepare(Doc(1, 900)));
        Assert.Equal(Doc(1, 900).Length, cache.Characters);
        // texts add up to the budget, then the cache starts over: never more than 16,000 characters held
        for (var n = 2; n <= 40; n++)
        {
            cache.GetOrPrepare(Doc(n, 900));
            Assert.InRange(cache.Characters, 1, 16_000);
        }
        Assert.True(cache.Count < 40);
        Assert.NotSame(first, cache.GetOrPrepare(Doc(1, 900)));
        // a document over a sixteenth of the budget is prepared every time, never kept
        var big = Doc(99, 2000);
        var prepared = cache.GetOrPrepare(big);
        Assert.True(prepared.Errors.Count == 0);
        Assert.NotSame(prepared, cache.GetOrPrepare(big));
    }

    [Fact]
    public void A_variable_free_operation_is_planned_once_and_each_operation_of_the_document_keeps_its_own_plan()
    {
        var schema = Schema();
        var executor = Executor(new DocumentCache(schema), schema, new QueryLimits());
        const string document = "query A { orders(limit: 5) { id } } query B { orders(limit: 7) { id items { quantity } } }";
        var a = executor.Prepare(new GraphQLRequest { Query = document, OperationName = "A" });
        var b = executor.Prepare(new GraphQLRequest { Query = document, OperationName = "B" });
        Assert.True(a.IsReady);
        Assert.True(b.IsReady);
        Assert.NotSame(a, b);
        Assert.Equal(5L, a.RootFields[0].Selection.Arguments["limit"]);
        Assert.Equal(7L, b.RootFields[0].Selection.Arguments["limit"]);
        Assert.Same(a, executor.Prepare(new GraphQLRequest { Query = document, OperationName = "A" }));
        Assert.Same(b, executor.Prepare(new GraphQLRequest { Query = document, OperationName = "B" }));
        // variables sent to an operation that declares none change nothing
        using var unused = JsonDocument.Parse("""{"x": 1}""");
        Assert.Same(a, executor.Prepare(new GraphQLRequest { Query = document, OperationName = "A", Variables = unused.RootElement }));
    }

    [Fact]
    public void An_operation_with_variables_only_in_root_arguments_shares_the_selections_below_and_binds_each_request_s_values()
    {
        var schema = Schema();
        var executor = Executor(new DocumentCache(schema), schema, new QueryLimits());
        const string document = "query Q($n: Int) { orders(limit: $n) { id items { quantity } } }";
        var first = Prepare(executor, document, """{"n": 5}""");
        var second = Prepare(executor, document, """{"n": 9}""");
        var third = Prepare(executor, document);
        Assert.Equal(5L, first.RootFields[0].Selection.Arguments["limit"]);
        Assert.Equal(9L, second.RootFields[0].Selection.Arguments["limit"]);
        Assert.False(third.RootFields[0].Selection.Arguments.ContainsKey("limit"));
        Assert.Same(first.RootFields[0].Selection.Selections, second.RootFields[0].Selection.Selections);
        Assert.Equal(["id", "items"], second.RootFields[0].Selection.Selections.Select(s => s.ResponseName));
        // the first request's plan is not changed by the later ones
        Assert.Equal(5L, first.RootFields[0].Selection.Arguments["limit"]);
    }

    [Fact]
    public void A_re_bound_plan_checks_the_page_size_and_the_variables_of_each_request()
    {
        var schema = Schema();
        var executor = Executor(new DocumentCache(schema), schema, new QueryLimits { MaxPageSize = 10 });
        const string document = "query Q($n: Int!) { orders(limit: $n) { id } }";
        Assert.True(Prepare(executor, document, """{"n": 2}""").IsReady);

        Assert.Contains("limit 50", Assert.Single(Prepare(executor, document, """{"n": 50}""").Errors).Message);
        var missing = Prepare(executor, document);
        Assert.Equal("BAD_USER_INPUT", Assert.Single(missing.Errors).Code);
        Assert.Contains("\"$n\"", missing.Errors[0].Message);
        Assert.Equal(1, missing.Errors[0].Locations[0].Line);
        Assert.Equal("BAD_USER_INPUT", Assert.Single(Prepare(executor, document, """{"n": "many"}""").Errors).Code);
        Assert.Equal(2L, Prepare(executor, document, """{"n": 2}""").RootFields[0].Selection.Arguments["limit"]);
    }

    [Fact]
    public void An_operation_whose_variables_shape_the_selection_is_planned_for_each_request()
    {
        var schema = Schema();
        var executor = Executor(new DocumentCache(schema), schema, new QueryLimits());
        const string document = "query Q($brief: Boolean!) { orders(limit: 3) { id items @skip(if: $brief) { quantity } } }";
        static IEnumerable<string> Fields(PreparedOperation plan) => plan.RootFields[0].Selection.Selections.Select(s => s.ResponseName);
        Assert.Equal(["id"], Fields(Prepare(executor, document, """{"brief": true}""")));
        Assert.Equal(["id", "items"], Fields(Prepare(executor, document, """{"brief": false}""")));
        Assert.Equal(["id"], Fields(Prepare(executor, document, """{"brief": true}""")));
    }

    [Fact]
    public void Variables_that_are_not_an_object_are_refused_every_time_even_after_the_plan_is_kept()
    {
        var schema = Schema();
        var executor = Executor(new DocumentCache(schema), schema, new QueryLimits());
        const string document = "{ orders(limit: 2) { id } }";
        Assert.True(executor.Prepare(new GraphQLRequest { Query = document }).IsReady);
        using var array = JsonDocument.Parse("[1]");
        for (var i = 0; i < 2; i++)
        {
            var refused = executor.Prepare(new GraphQLRequest { Query = document, Variables = array.RootElement });
            Assert.False(refused.IsReady);
            Assert.Contains("must be a JSON object", refused.Errors[0].Message);
        }
    }

    [Fact]
    public void Rejections_are_kept_too_and_executors_with_other_limits_sharing_the_cache_plan_for_themselves()
    {
        var schema = Schema();
        var cache = new DocumentCache(schema);
        var strict = Executor(cache, schema, new QueryLimits { MaxPageSize = 10 });
        var lenient = Executor(cache, schema, new QueryLimits { MaxPageSize = 100 });
        const string document = "{ orders(limit: 50) { id } }";
        var refused = strict.Prepare(new GraphQLRequest { Query = document });
        Assert.Equal("BAD_USER_INPUT", Assert.Single(refused.Errors).Code);
        Assert.Same(refused, strict.Prepare(new GraphQLRequest { Query = document }));
        Assert.True(lenient.Prepare(new GraphQLRequest { Query = document }).IsReady);
        Assert.False(strict.Prepare(new GraphQLRequest { Query = document }).IsReady);
    }
}
