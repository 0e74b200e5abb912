using FraiseQL.Validation;

namespace FraiseQL.Runtime.Tests;

public sealed class DocumentLocationsTests
{
    [Theory]
    [InlineData("{ a }")]
    [InlineData("query Q {\n  a\n  b { c }\n}\n")]
    [InlineData("query Q {\r\n  a\r\n  b\r\n}")]
    [InlineData("{\r a\r\r b }\r")]
    [InlineData("\n\n{a}\n\r\n\r")]
    [InlineData("{a}\r\n")]
    [InlineData("x")]
    [InlineData("")]
    public void Every_position_maps_like_the_parser_own_linear_scan(string source)
    {
        var locations = new DocumentLocations(source);
        for (var position = 0; position <= source.Length + 2; position++)
        {
            var clamped = Math.Min(position, source.Length);
            var expected = GraphQLParser.Location.FromLinearPosition(source, clamped);
            var actual = locations.At(position);
            Assert.True((expected.Line, expected.Column) == (actual.Line, actual.Column),
                $"position {position} of {source.Replace("\r", "\\r").Replace("\n", "\\n")}: expected {expected.Line}:{expected.Column}, got {actual.Line}:{actual.Column}");
        }
    }
}
