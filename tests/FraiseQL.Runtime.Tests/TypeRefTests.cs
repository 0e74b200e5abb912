using FraiseQL.Schema;

namespace FraiseQL.Runtime.Tests;

public class TypeRefTests
{
    [Theory]
    [InlineData("Order")]
    [InlineData("Order!")]
    [InlineData("[Order!]!")]
    [InlineData("[[Int]!]")]
    public void ParseRoundTrips(string text) => Assert.Equal(text, TypeRef.Parse(text).ToString());

    [Theory]
    [InlineData("")]
    [InlineData("[Order")]
    [InlineData("Order!!")]
    [InlineData("Or der")]
    public void ParseRejectsMalformed(string text) => Assert.Throws<FormatException>(() => TypeRef.Parse(text));

    [Fact]
    public void NamedTypeUnwraps() => Assert.Equal("Order", TypeRef.Parse("[Order!]!").NamedType);
}
