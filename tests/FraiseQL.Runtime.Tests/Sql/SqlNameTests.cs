using FraiseQL.Sql;

namespace FraiseQL.Runtime.Tests.Sql;

/// <summary>The names <c>check</c> looks up in pg_catalog, as the generated schema and fraiseql.toml spell them.</summary>
public sealed class SqlNameTests
{
    [Theory]
    [InlineData("\"v_order\"", null, "v_order")]
    [InlineData("v_order", null, "v_order")]
    [InlineData("\"app\".\"v_Order\"", "app", "v_Order")]
    [InlineData("app.fn_x", "app", "fn_x")]
    [InlineData("\"a.b\".\"say \"\"hi\"\"\"", "a.b", "say \"hi\"")]
    public void Parses_quoted_and_qualified_names(string text, string? schema, string name)
    {
        Assert.Equal(new SqlName(schema, name), SqlName.Parse(text));
    }
}
