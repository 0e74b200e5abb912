using FraiseQL.GraphQL;
using FraiseQL.Runtime.Tests.Support;

namespace FraiseQL.Runtime.Tests;

/// <summary>One case per rule of the GraphQL spec's Validation section (§5), against the test schema.</summary>
public sealed class ValidationTests
{
    private static readonly ExecutableSchema Schema = ExecutableSchema.Build(TestSchema.Build());

    private static IReadOnlyList<string> Errors(string query) =>
        DocumentCache.Prepare(Schema, query).Errors.Select(e => e.Message).ToArray();

    [Theory]
    // 5.1.1 executable definitions
    [InlineData("type Foo { a: Int } { __typename }", "is not executable")]
    // 5.2.1.1 operation name uniqueness
    [InlineData("query A { __typename } query A { __typename }", "only one operation named \"A\"")]
    // 5.2.2.1 lone anonymous operation
    [InlineData("{ __typename } query B { __typename }", "anonymous operation must be the only")]
    // 5.2.3.1 single root field for subscriptions
    [InlineData("subscription S { orderCreated { id } second: orderCreated { id } }", "must select only one top level field")]
    [InlineData("subscription S { __typename }", "must not select an introspection top level field")]
    // (the spec's draft, graphql-js 17): whether the one root field is selected must not depend on a directive; until
    // 2026-12-08 a skipped root field failed later with INTERNAL_SERVER_ERROR
    [InlineData("subscription S { orderCreated @include(if: false) { id } }", "Subscription \"S\" must not use `@skip` or `@include` directives in the top level selection.")]
    [InlineData("subscription($s: Boolean!) { orderCreated @skip(if: $s) { id } }", "Anonymous Subscription must not use `@skip` or `@include` directives in the top level selection.")]
    [InlineData("subscription { ... @include(if: true) { orderCreated { id } } }", "must not use `@skip` or `@include` directives")]
    [InlineData("subscription { ...F @skip(if: false) } fragment F on Subscription { orderCreated { id } }", "must not use `@skip` or `@include` directives")]
    [InlineData("subscription { ...F } fragment F on Subscription { orderCreated @skip(if: false) { id } }", "must not use `@skip` or `@include` directives")]
    // graphql-js's recommended MaxIntrospectionDepthRule: three nested introspection lists
    [InlineData("{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }", "Maximum introspection depth exceeded")]
    [InlineData("{ __type(name: \"Order\") { ...F } } fragment F on __Type { fields { type { ...G } } } fragment G on __Type { interfaces { possibleTypes { name } } }", "Maximum introspection depth exceeded")]
    // 5.3.1 field selections
    [InlineData("{ orders { nope } }", "Cannot query field \"nope\" on type \"Order\"")]
    [InlineData("{ search(term: \"x\") { id } }", "Cannot query field \"id\" on type \"SearchResult\"")]
    // 5.3.2 field selection merging
    [InlineData("{ orders { x: id x: status } }", "\"id\" and \"status\" are different fields")]
    [InlineData("{ order(id: \"123e4567-e89b-12d3-a456-426614174000\") { id } order(id: \"123e4567-e89b-12d3-a456-426614174001\") { id } }", "differing arguments")]
    [InlineData("{ search(term: \"x\") { ... on Order { v: total } ... on Product { v: sku } } }", "conflicting types")]
    [InlineData("{ orders { items { quantity } items { q: quantity quantity: productId } } }", "\"quantity\" and \"productId\" are different fields")]
    // 5.3.3 leaf field selections
    [InlineData("{ orders { id { x } } }", "must not have a selection")]
    [InlineData("{ orders }", "must have a selection of subfields")]
    // 5.4.1 argument names
    [InlineData("{ orders(first: 1) { id } }", "Unknown argument \"first\" on field \"Query.orders\"")]
    // 5.4.2 argument uniqueness
    [InlineData("{ orders(limit: 1, limit: 2) { id } }", "only one argument named \"limit\"")]
    // 5.4.2.1 required arguments
    [InlineData("{ order { id } }", "Argument \"id\" of type \"UUID!\" is required")]
    // 5.5.1.1 fragment name uniqueness
    [InlineData("{ orders { ...F } } fragment F on Order { id } fragment F on Order { id }", "only one fragment named \"F\"")]
    // 5.5.1.2 fragment spread type existence
    [InlineData("{ orders { ...F } } fragment F on Nope { id }", "Unknown type \"Nope\"")]
    [InlineData("{ orders { ... on Nope { id } } }", "Unknown type \"Nope\"")]
    // 5.5.1.3 fragments on composite types
    [InlineData("{ orders { ...F } } fragment F on String { id }", "non composite type \"String\"")]
    // 5.5.1.4 fragments must be used
    [InlineData("{ __typename } fragment F on Order { id }", "Fragment \"F\" is never used")]
    // 5.5.2.1 fragment spread target defined
    [InlineData("{ orders { ...Missing } }", "Unknown fragment \"Missing\"")]
    // 5.5.2.2 fragment spreads must not form cycles
    [InlineData("{ orders { ...A } } fragment A on Order { ...B } fragment B on Order { ...A }", "within itself")]
    // 5.5.2.3 fragment spread is possible
    [InlineData("{ orders { ... on Product { sku } } }", "can never be of type \"Product\"")]
    // 5.6.1 values of correct type
    [InlineData("{ orders(limit: \"ten\") { id } }", "Int cannot represent")]
    [InlineData("{ orders(limit: 3000000000) { id } }", "non 32-bit")]
    [InlineData("{ order(id: \"nope\") { id } }", "UUID cannot represent \"nope\"")]
    [InlineData("{ orders(where: {status: {eq: LOST}}) { id } }", "does not exist in \"OrderStatus\" enum")]
    [InlineData("{ orders(where: {status: {eq: \"PENDING\"}}) { id } }", "cannot represent non-enum value")]
    // 5.6.2 input object field names
    [InlineData("{ orders(where: {colour: {eq: \"x\"}}) { id } }", "Field \"colour\" is not defined by type \"OrderWhereInput\"")]
    // 5.6.3 input object field uniqueness
    [InlineData("{ orders(where: {note: {eq: \"a\"}, note: {eq: \"b\"}}) { id } }", "only one input field named \"note\"")]
    // 5.6.4 input object required fields
    [InlineData("mutation { createOrder(input: {items: []}) { id } }", "CreateOrderInput.customerId\" of required type \"UUID!\" was not provided")]
    // 5.7.1 directives are defined
    [InlineData("{ orders @nope { id } }", "Unknown directive \"@nope\"")]
    // 5.7.2 directives in valid locations
    [InlineData("query @skip(if: true) { __typename }", "may not be used on QUERY")]
    // 5.7.3 directives unique per location
    [InlineData("{ orders @skip(if: true) @skip(if: false) { id } }", "can only be used once")]
    // 5.8.1 variable uniqueness
    [InlineData("query Q($a: Int, $a: Int) { orders(limit: $a) { id } }", "only one variable named \"$a\"")]
    // 5.8.2 variables are input types
    [InlineData("query Q($a: Order) { __typename }", "cannot be non-input type \"Order\"")]
    // 5.8.3 all variable uses defined
    [InlineData("query Q { orders(limit: $n) { id } }", "Variable \"$n\" is not defined by operation \"Q\"")]
    [InlineData("query Q { orders { ...F } } fragment F on Order { items @include(if: $x) { quantity } }", "Variable \"$x\" is not defined")]
    // 5.8.4 all variables used
    [InlineData("query Q($unused: Int) { __typename }", "Variable \"$unused\" is never used")]
    // 5.8.5 all variable usages allowed
    [InlineData("query Q($id: UUID) { order(id: $id) { id } }", "Variable \"$id\" of type \"UUID\" used in position expecting type \"UUID!\"")]
    [InlineData("query Q($l: String) { orders(limit: $l) { id } }", "of type \"String\" used in position expecting type \"Int\"")]
    // schema has no such root
    [InlineData("subscription { nothing }", "Cannot query field \"nothing\" on type \"Subscription\"")]
    public void Invalid_documents_are_rejected_with_a_located_message(string query, string expected)
    {
        var prepared = DocumentCache.Prepare(Schema, query);
        var errors = prepared.Errors;
        Assert.Contains(errors, e => e.Message.Contains(expected, StringComparison.Ordinal));
        Assert.All(errors, e => Assert.NotEmpty(e.Locations));
    }

    [Theory]
    [InlineData("{ __typename }")]
    [InlineData("query Q($id: UUID!) { order(id: $id) { id ...on Order { status } } }")]
    [InlineData("query Q($id: UUID = \"123e4567-e89b-12d3-a456-426614174000\") { order(id: $id) { id } }")]
    [InlineData("{ orders { a: id a: id items { quantity } items { productId } } }")]
    [InlineData("{ search(term: \"x\") { ... on Order { v: id } ... on Product { v: id } } }")]
    [InlineData("{ search(term: \"x\") { ... on Order { v: total } ... on Product { w: sku } __typename } }")]
    [InlineData("{ node(id: \"123e4567-e89b-12d3-a456-426614174000\") { id ... on Order { total } ... on Product { sku } } }")]
    [InlineData("query Q($limit: Int = 10, $skip: Boolean!) { orders(limit: $limit) @skip(if: $skip) { id } }")]
    [InlineData("query Q($w: OrderWhereInput!) { orders(where: {_and: [$w, {note: {isnull: true}}]}) { id } }")]
    [InlineData("mutation M($items: [OrderItemInput!]!) { createOrder(input: {customerId: \"123e4567-e89b-12d3-a456-426614174000\", items: $items}) { id } }")]
    [InlineData("subscription S($c: UUID) { orderCreated(customerId: $c) { id status } }")]
    [InlineData("subscription S($s: Boolean!) { ...F } fragment F on Subscription { orderCreated { id @skip(if: $s) status @include(if: true) } }")]
    [InlineData("{ orders(orderBy: {field: \"total\"}) { metadata } }")]
    [InlineData("query { orders { ...A } } fragment A on Order { ...B } fragment B on Node { id }")]
    [InlineData("{ __schema { types { fields { type { name ofType { name } } } inputFields { name } interfaces { name } possibleTypes { name } } } }")]
    [InlineData("{ __type(name: \"Order\") { fields { type { fields { name } } } } a: __type(name: \"Order\") { ...F } } fragment F on __Type { fields { name } }")]
    public void Valid_documents_pass(string query) => Assert.Empty(Errors(query));

    [Fact]
    public void Validation_stops_at_a_hundred_errors_as_graphql_js_does()
    {
        // 400 aliases of one name on two different fields: tens of thousands of conflicting pairs, each its own error
        var fields = string.Join(" ", Enumerable.Range(0, 400).Select(i => i % 2 == 0 ? "a: id" : "a: status"));

        var errors = Errors("{ orders { " + fields + " } }");

        Assert.Equal(101, errors.Count);
        Assert.Equal("Too many validation errors, error limit reached. Validation aborted.", errors[^1]);
        Assert.All(errors.Take(100), e => Assert.Contains("\"a\" conflict", e, StringComparison.Ordinal));
    }

    [Fact]
    public void Several_errors_are_all_reported()
    {
        var errors = Errors("query Q($u: Int) { orders { nope } products(x: 1) { sku } }");
        Assert.True(errors.Count >= 3, string.Join(" | ", errors));
    }
}
