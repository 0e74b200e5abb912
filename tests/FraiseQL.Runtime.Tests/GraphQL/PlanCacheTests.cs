using System.Text.Json;
using FraiseQL.GraphQL;
using FraiseQL.Runtime.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace FraiseQL.Runtime.Tests.GraphQL;

/// <summary>An operation that declares no variables is planned once per document; one with variables on every request.</summary>
public sealed class PlanCacheTests
{
    private static GraphQLExecutor Executor(DocumentCache cache, ExecutableSchema schema, QueryLimits limits) =>
        new(schema, cache, null, new AllowAllFieldAuthorizer(), limits, NullLogger<GraphQLExecutor>.Instance);

    private static ExecutableSchema Schema() => ExecutableSchema.Build(TestSchema.Build());

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
    public void An_operation_with_variables_is_planned_for_each_request_with_its_values()
    {
        var schema = Schema();
        var executor = Executor(new DocumentCache(schema), schema, new QueryLimits());
        const string document = "query Q($n: Int) { orders(limit: $n) { id } }";
        using var five = JsonDocument.Parse("""{"n": 5}""");
        using var nine = JsonDocument.Parse("""{"n": 9}""");
        var first = executor.Prepare(new GraphQLRequest { Query = document, Variables = five.RootElement });
        var second = executor.Prepare(new GraphQLRequest { Query = document, Variables = nine.RootElement });
        Assert.Equal(5L, first.RootFields[0].Selection.Arguments["limit"]);
        Assert.Equal(9L, second.RootFields[0].Selection.Arguments["limit"]);
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
