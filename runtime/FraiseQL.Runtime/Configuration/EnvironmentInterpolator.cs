using System.Text;

namespace FraiseQL.Configuration;

/// <summary>
/// Resolves <c>${VAR}</c> and <c>${VAR:-default}</c> in fraiseql.toml string values from the
/// environment. An unset (or empty, for the <c>:-</c> form) variable takes the default; an unset
/// variable without a default is a start-up error naming the variable, the key and the file.
/// <c>$$</c> is a literal dollar sign.
/// </summary>
public sealed class EnvironmentInterpolator
{
    private readonly Func<string, string?> _lookup;

    public EnvironmentInterpolator(Func<string, string?>? lookup = null)
    {
        _lookup = lookup ?? Environment.GetEnvironmentVariable;
    }

    public string Interpolate(string value, string file, string key)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!value.Contains('$', StringComparison.Ordinal))
        {
            return value;
        }
        var result = new StringBuilder(value.Length);
        var i = 0;
        while (i < value.Length)
        {
            var c = value[i];
            if (c == '$' && i + 1 < value.Length && value[i + 1] == '$')
            {
                result.Append('$');
                i += 2;
                continue;
            }
            if (c == '$' && i + 1 < value.Length && value[i + 1] == '{')
            {
                var end = value.IndexOf('}', i + 2);
                if (end < 0)
                {
                    throw new FraiseQLConfigurationException(
                        $"{file}: {key}: unterminated '${{' in \"{value}\" (expected ${{VAR}} or ${{VAR:-default}}).");
                }
                var body = value.AsSpan(i + 2, end - i - 2);
                var sep = body.IndexOf(":-", StringComparison.Ordinal);
                var name = (sep >= 0 ? body[..sep] : body).ToString();
                if (!IsValidName(name))
                {
                    throw new FraiseQLConfigurationException(
                        $"{file}: {key}: invalid environment variable name '{name}' in \"{value}\".");
                }
                var env = _lookup(name);
                if (sep >= 0)
                {
                    result.Append(string.IsNullOrEmpty(env) ? body[(sep + 2)..].ToString() : env);
                }
                else if (env is null)
                {
                    throw new FraiseQLConfigurationException(
                        $"{file}: {key}: environment variable {name} is not set (referenced as ${{{name}}}; set it or write ${{{name}:-default}}).");
                }
                else
                {
                    result.Append(env);
                }
                i = end + 1;
                continue;
            }
            result.Append(c);
            i++;
        }
        return result.ToString();
    }

    private static bool IsValidName(string name)
    {
        if (name.Length == 0 || char.IsAsciiDigit(name[0]))
        {
            return false;
        }
        foreach (var ch in name)
        {
            if (!char.IsAsciiLetterOrDigit(ch) && ch != '_')
            {
                return false;
            }
        }
        return true;
    }
}
