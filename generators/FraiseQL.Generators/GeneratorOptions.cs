using System.Text;

namespace FraiseQL.Generators;

/// <summary>MSBuild properties the generator reads (root namespace), equatable.</summary>
internal sealed record GeneratorOptions(string Namespace, string FallbackServiceName)
{
    public const string DefaultNamespace = "FraiseQL.Generated";

    /// <summary>A valid C# namespace from a RootNamespace value (empty → FraiseQL.Generated).</summary>
    public static string SanitizeNamespace(string? rootNamespace)
    {
        if (string.IsNullOrWhiteSpace(rootNamespace))
        {
            return DefaultNamespace;
        }
        var parts = rootNamespace!.Trim().Split('.');
        var sb = new StringBuilder();
        foreach (var part in parts)
        {
            if (part.Length == 0)
            {
                continue;
            }
            if (sb.Length > 0)
            {
                sb.Append('.');
            }
            if (char.IsDigit(part[0]))
            {
                sb.Append('_');
            }
            foreach (var c in part)
            {
                sb.Append(char.IsLetterOrDigit(c) || c == '_' ? c : '_');
            }
        }
        return sb.Length == 0 ? DefaultNamespace : sb.ToString();
    }
}
