using System.Text;

namespace FraiseQL.Runtime.Security.Configuration;

/// <summary>Resolves <c>${VAR}</c> and <c>${VAR:-default}</c> in fraiseql.toml string values at run time.</summary>
public static class EnvironmentInterpolation
{
    /// <summary>Reads process environment variables.</summary>
    public static readonly Func<string, string?> ProcessEnvironment = Environment.GetEnvironmentVariable;

    /// <exception cref="SecurityConfigurationException">A variable without default is unset.</exception>
    public static string Resolve(string value, string key, Func<string, string?> environment)
    {
        if (!value.Contains("${", StringComparison.Ordinal))
        {
            return value;
        }
        var result = new StringBuilder(value.Length);
        var i = 0;
        while (i < value.Length)
        {
            var start = value.IndexOf("${", i, StringComparison.Ordinal);
            if (start < 0)
            {
                result.Append(value, i, value.Length - i);
                break;
            }
            result.Append(value, i, start - i);
            var end = value.IndexOf('}', start + 2);
            if (end < 0)
            {
                throw new SecurityConfigurationException($"fraiseql.toml: '{key}' has an unterminated '${{' placeholder in \"{value}\"");
            }
            var body = value.Substring(start + 2, end - start - 2);
            var separator = body.IndexOf(":-", StringComparison.Ordinal);
            var name = separator >= 0 ? body[..separator] : body;
            var fallback = separator >= 0 ? body[(separator + 2)..] : null;
            var resolved = environment(name);
            if (string.IsNullOrEmpty(resolved))
            {
                resolved = fallback ?? throw new SecurityConfigurationException(
                    $"fraiseql.toml: '{key}' uses environment variable {name}, which is not set (set it, or write ${{{name}:-default}})");
            }
            result.Append(resolved);
            i = end + 1;
        }
        return result.ToString();
    }
}
