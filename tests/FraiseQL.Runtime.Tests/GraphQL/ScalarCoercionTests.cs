using System.Text.Json;
using FraiseQL.GraphQL;
using GraphQLParser;
using GraphQLParser.AST;

namespace FraiseQL.Runtime.Tests.GraphQL;

/// <summary>Input coercion of FraiseQL's custom scalars, from document literals and from JSON variables alike.</summary>
public sealed class ScalarCoercionTests
{
    /// <summary>The literal <paramref name="text"/> as the parser gives it, e.g. <c>"x"</c>, <c>12.5</c>, <c>{a: [1]}</c>.</summary>
    private static GraphQLValue Literal(string text)
    {
        var document = Parser.Parse("{ f(a: " + text + ") }");
        var field = (GraphQLField)((GraphQLOperationDefinition)document.Definitions[0]).SelectionSet.Selections[0];
        return field.Arguments![0].Value;
    }

    private static object? FromVariable(string scalar, string json) => ScalarCoercion.FromJson(scalar, JsonDocument.Parse(json).RootElement);

    [Theory]
    [InlineData("DateTime", "2026-01-31T12:00:00Z")]
    [InlineData("DateTime", "2026-01-31T12:00:00.123456z")]
    [InlineData("DateTime", "2026-01-31T13:00:00+01:00")]
    [InlineData("DateTime", "2026-01-31T07:00:00-05:00")]
    [InlineData("Date", "2026-01-31")]
    [InlineData("Time", "12:30:00")]
    [InlineData("UUID", "123e4567-e89b-12d3-a456-426614174000")]
    public void Valid_text_scalars_are_kept_as_given(string scalar, string text)
    {
        Assert.Equal(text, ScalarCoercion.FromLiteral(scalar, Literal("\"" + text + "\"")));
        Assert.Equal(text, FromVariable(scalar, "\"" + text + "\""));
    }

    [Theory]
    [InlineData("DateTime", "2026-01-31T12:00:00", "UTC offset")] // no offset: the server's time zone would decide
    [InlineData("DateTime", "2026-01-31", "UTC offset")]
    [InlineData("DateTime", "yesterday", "UTC offset")]
    [InlineData("DateTime", "2026-02-30T12:00:00Z", "UTC offset")]
    [InlineData("Date", "2026-1-31", "ISO 8601 date")]
    [InlineData("Date", "2026-01-31T00:00:00Z", "ISO 8601 date")]
    [InlineData("Time", "25:00", "ISO 8601 time")]
    [InlineData("UUID", "123e4567e89b12d3a456426614174000", "a UUID")]
    public void Invalid_text_scalars_name_the_value_and_the_expected_form(string scalar, string text, string expected)
    {
        var literal = Assert.Throws<InputCoercionException>(() => ScalarCoercion.FromLiteral(scalar, Literal("\"" + text + "\"")));
        Assert.Contains($"{scalar} cannot represent \"{text}\"", literal.Message, StringComparison.Ordinal);
        Assert.Contains(expected, literal.Message, StringComparison.Ordinal);
        var variable = Assert.Throws<InputCoercionException>(() => FromVariable(scalar, "\"" + text + "\""));
        Assert.Equal(literal.Message, variable.Message);
    }

    [Theory]
    [InlineData("DateTime")]
    [InlineData("Date")]
    [InlineData("UUID")]
    public void Text_scalars_refuse_numbers(string scalar)
    {
        Assert.Throws<InputCoercionException>(() => ScalarCoercion.FromLiteral(scalar, Literal("20260131")));
        Assert.Throws<InputCoercionException>(() => FromVariable(scalar, "20260131"));
    }

    [Theory]
    [InlineData("12.50", "12.50")]
    [InlineData("12", "12")]
    [InlineData("\"0.1\"", "0.1")] // a string keeps every digit a JSON number might lose in other clients
    [InlineData("1e3", "1000")]
    [InlineData("-79228162514264337593543950335", "-79228162514264337593543950335")]
    public void Decimal_takes_numbers_and_numeric_strings_exactly(string input, string expected)
    {
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), ScalarCoercion.FromLiteral("Decimal", Literal(input)));
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), FromVariable("Decimal", input));
    }

    [Theory]
    [InlineData("\"ten\"")]
    [InlineData("true")]
    [InlineData("[1]")]
    public void Decimal_refuses_what_is_not_a_number(string input)
    {
        Assert.Contains("Decimal cannot represent a non numeric value", Assert.Throws<InputCoercionException>(() => ScalarCoercion.FromLiteral("Decimal", Literal(input))).Message, StringComparison.Ordinal);
        Assert.Contains("Decimal cannot represent a non numeric value", Assert.Throws<InputCoercionException>(() => FromVariable("Decimal", input)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("79228162514264337593543950336")]
    [InlineData("\"-1e29\"")]
    [InlineData("1.5e40")]
    public void Decimal_says_a_number_beyond_its_range_is_out_of_range_not_non_numeric(string input)
    {
        const string expected = "Decimal cannot represent a value beyond ±79228162514264337593543950335";
        Assert.Contains(expected, Assert.Throws<InputCoercionException>(() => ScalarCoercion.FromLiteral("Decimal", Literal(input))).Message, StringComparison.Ordinal);
        Assert.Contains(expected, Assert.Throws<InputCoercionException>(() => FromVariable("Decimal", input)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_takes_any_value_as_the_contract_value_model()
    {
        var expected = new Dictionary<string, object?> { ["a"] = new List<object?> { 1L, 2.5m, "x", null, true } };
        Assert.Equivalent(expected, ScalarCoercion.FromLiteral("JSON", Literal("{a: [1, 2.5, \"x\", null, true]}")), strict: true);
        Assert.Equivalent(expected, FromVariable("JSON", "{\"a\": [1, 2.5, \"x\", null, true]}"), strict: true);
        Assert.Equal("plain", ScalarCoercion.FromLiteral("JSON", Literal("\"plain\"")));
        Assert.Equal(42L, FromVariable("JSON", "42"));
    }

    [Fact]
    public void Json_literals_cannot_hold_variables()
    {
        var e = Assert.Throws<InputCoercionException>(() => ScalarCoercion.FromLiteral("JSON", Literal("{a: $v}")));
        Assert.Contains("Variables are not allowed inside JSON literals", e.Message, StringComparison.Ordinal);
    }
}
