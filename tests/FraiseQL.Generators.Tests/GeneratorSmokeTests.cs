namespace FraiseQL.Generators.Tests;

public class GeneratorSmokeTests
{
    [Fact]
    public void GeneratorCanBeConstructed() => Assert.NotNull(new FraiseQLGenerator());
}
