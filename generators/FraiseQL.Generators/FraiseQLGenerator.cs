using Microsoft.CodeAnalysis;

namespace FraiseQL.Generators;

[Generator(LanguageNames.CSharp)]
public sealed class FraiseQLGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
    }
}
