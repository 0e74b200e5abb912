using System.Text;
using FraiseQL.Execution;
using FraiseQL.GraphQL;
using FraiseQL.Runtime.Tests.Support;
using FraiseQL.Validation;

namespace FraiseQL.Runtime.Tests;

/// <summary>
/// The cost of §5.3.2 field selection merging: a fragment spread under many fields of the same response name is
/// compared once, not expanded again for every pair of those fields, and every comparison counts against the budget.
/// The work is asserted through the validator's count of comparisons, not timed.
/// </summary>
public sealed class FieldMergingCostTests
{
    private static readonly ExecutableSchema Schema = ExecutableSchema.Build(TestSchema.Build());

    private static readonly int MaxDocumentBytes = new QueryLimits().MaxDocumentBytes;

    /// <summary><c>{ orders { ...F } × fields } fragment F on Order { a0: id a1: id … × aliases }</c></summary>
    private static string RepeatedSpreads(int fields, int aliases)
    {
        var sb = new StringBuilder("{");
        for (var i = 0; i < fields; i++)
        {
            sb.Append(" orders { ...F }");
        }
        sb.Append(" } fragment F on Order {");
        for (var j = 0; j < aliases; j++)
        {
            sb.Append(" a").Append(j).Append(": id");
        }
        return sb.Append(" }").ToString();
    }

    private static (IReadOnlyList<GraphQLError> Errors, int Comparisons) Validate(string query)
    {
        var prepared = DocumentCache.Prepare(Schema, query);
        Assert.NotNull(prepared.Document);
        var errors = DocumentValidator.Validate(Schema, prepared.Document, prepared.Locations, out var comparisons);
        Assert.Equal(prepared.Errors.Select(e => e.Message), errors.Select(e => e.Message));
        return (errors, comparisons);
    }

    [Fact]
    public void A_large_fragment_spread_under_many_fields_of_one_name_is_valid_and_compared_once()
    {
        var large = RepeatedSpreads(100, 9_600);
        Assert.InRange(Encoding.UTF8.GetByteCount(large), MaxDocumentBytes * 9 / 10, MaxDocumentBytes);
        var (errors, comparisons) = Validate(large);
        Assert.Empty(errors);
        // the fragment's size does not count: the same work as with a fragment of two fields
        var (smallErrors, smallComparisons) = Validate(RepeatedSpreads(100, 2));
        Assert.Empty(smallErrors);
        Assert.Equal(smallComparisons, comparisons);
        // 4950 pairs of "orders" fields, each counting 2 comparisons: the pair, and its fragment with itself
        Assert.InRange(comparisons, 4_950, 2 * 4_950);
    }

    [Fact]
    public void Too_many_fields_of_one_name_near_the_size_limit_are_rejected_once_the_budget_is_spent()
    {
        var query = RepeatedSpreads(3_000, 4_700);
        Assert.InRange(Encoding.UTF8.GetByteCount(query), MaxDocumentBytes * 9 / 10, MaxDocumentBytes);
        var (errors, comparisons) = Validate(query);
        var error = Assert.Single(errors);
        Assert.Equal("The document is too complex to validate (field merging); reduce repeated fragments and overlapping selections.", error.Message);
        Assert.Equal(DocumentValidator.Code, error.Code);
        Assert.Equal(new SourceLocation(1, 1), Assert.Single(error.Locations));
        // the comparisons stop when the budget is spent
        Assert.Equal(DocumentValidator.MergeComparisonBudget + 1, comparisons);
    }

    [Fact]
    public void Many_spreads_under_two_fields_of_one_name_are_rejected_once_the_budget_is_spent()
    {
        // every fragment spread by one "orders" field with every fragment spread by the other: 16 million pairs
        var sb = new StringBuilder("{");
        foreach (var side in new[] { "a", "b" })
        {
            sb.Append(" orders {");
            for (var i = 0; i < 4_000; i++)
            {
                sb.Append(" ...").Append(side).Append(i);
            }
            sb.Append(" }");
        }
        var (errors, comparisons) = Validate(sb.Append(" }").ToString());
        // the 8,000 unknown fragments fill the error list (capped as graphql-js caps it), so the budget's own error is
        // among those dropped; the comparisons still stop at the budget
        Assert.Equal(DocumentValidator.MaxErrors + 1, errors.Count);
        Assert.Equal(DocumentValidator.TooManyErrors, errors[^1].Message);
        Assert.Equal(DocumentValidator.MergeComparisonBudget + 1, comparisons);
    }

    [Fact]
    public void A_chain_of_fragments_spread_under_fields_of_one_name_is_compared_once_per_fragment()
    {
        // F0 spreads F1 … F(n-1): the pairs of "orders" fields find F0 spread on both sides (not compared with itself),
        // each fragment's own field is compared with the fields of the rest of the chain, once
        const int Fields = 50, Fragments = 200;
        var sb = new StringBuilder("{");
        for (var i = 0; i < Fields; i++)
        {
            sb.Append(" orders { ...F0 }");
        }
        sb.Append(" }");
        for (var i = 0; i < Fragments; i++)
        {
            sb.Append(" fragment F").Append(i).Append(" on Order { a").Append(i).Append(": id");
            if (i + 1 < Fragments)
            {
                sb.Append(" ...F").Append(i + 1);
            }
            sb.Append(" }");
        }
        var (errors, comparisons) = Validate(sb.ToString());
        Assert.Empty(errors);
        Assert.InRange(comparisons, 1, (2 * Fields * (Fields - 1) / 2) + (Fragments * Fragments));
    }

    [Fact]
    public void Fragments_spreading_each_other_through_fields_of_one_name_do_not_recurse_forever()
    {
        // Q's and P's "o" fields both spread R, which spreads Q and P again: comparing the two "o" fields used to expand
        // R, Q and P at every level, recursing until the stack overflowed (which ends the process)
        var (errors, comparisons) = Validate(
            "{ ...Q ...P } fragment Q on Query { o: orders { ...R } } fragment P on Query { o: orders { ...R } } fragment R on Order { ...Q ...P }");
        Assert.Contains(errors, e => e.Message.Contains("within itself", StringComparison.Ordinal));
        Assert.DoesNotContain(errors, e => e.Message.Contains("too complex", StringComparison.Ordinal));
        Assert.InRange(comparisons, 1, 100);
    }

    [Theory]
    // fields of one name across two fragments, a fragment and fields, and fragments spread by fragments
    [InlineData("{ orders { ...F } orders { ...G } } fragment F on Order { x: id } fragment G on Order { x: status }", "\"id\" and \"status\" are different fields")]
    [InlineData("{ orders { x: id ...G } } fragment G on Order { x: status }", "\"id\" and \"status\" are different fields")]
    [InlineData("{ orders { ...A } orders { ...B } } fragment A on Order { ...C } fragment B on Order { x: status } fragment C on Order { x: id }", "\"id\" and \"status\" are different fields")]
    [InlineData("{ orders { ...A ...B } } fragment A on Order { ...C } fragment B on Order { ...D } fragment C on Order { x: id } fragment D on Order { x: note }", "\"id\" and \"note\" are different fields")]
    [InlineData("{ orders { items { ...I } } orders { items { q: productId } } } fragment I on OrderItem { q: quantity }", "\"productId\" and \"quantity\" are different fields")]
    [InlineData("{ orders { ...F } orders { ...F } } fragment F on Order { items { q: quantity q: productId } }", "\"quantity\" and \"productId\" are different fields")]
    [InlineData("{ orders { ...F } } fragment F on Order { ...G } fragment G on Order { ...F x: id }", "within itself")]
    public void Conflicts_through_fragments_are_found(string query, string expected)
    {
        var (errors, _) = Validate(query);
        Assert.Contains(errors, e => e.Message.Contains(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("{ orders { ...F } orders { ...F } } fragment F on Order { x: id items { quantity } }")]
    [InlineData("{ orders { x: id ...F } orders { ...G } } fragment F on Order { x: id } fragment G on Order { ...F x: id }")]
    [InlineData("{ orders { items { ...I } } orders { items { q: quantity } } } fragment I on OrderItem { q: quantity }")]
    [InlineData("{ order(id: \"123e4567-e89b-12d3-a456-426614174000\") { id } ...Q } fragment Q on Query { order(id: \"123e4567-e89b-12d3-a456-426614174000\") { status } }")]
    public void Fields_that_merge_through_fragments_pass(string query) => Assert.Empty(Validate(query).Errors);
}
