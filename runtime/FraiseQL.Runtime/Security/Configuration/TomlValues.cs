using Tomlyn;
using Tomlyn.Model;

namespace FraiseQL.Runtime.Security.Configuration;

/// <summary>
/// Typed reads from a parsed fraiseql.toml with located error messages: each names <see cref="Source"/> (the file's
/// path, or "fraiseql.toml" when the text came from elsewhere) and the key. Without an <c>environment</c>, <c>${VAR}</c>
/// placeholders are left as written (for tools that generate configuration from several services).
/// </summary>
internal sealed class TomlValues(Func<string, string?>? environment, string source = "fraiseql.toml")
{
    /// <summary>The file the values come from, as the error messages name it.</summary>
    public string Source { get; } = source;

    private readonly FraiseQL.Configuration.EnvironmentInterpolator? _interpolator = environment is null ? null : new(environment);

    /// <summary>${VAR} / ${VAR:-default} resolved by the configuration loader's interpolator (one syntax, one set of rules).</summary>
    private string Interpolate(string value, string path)
    {
        if (_interpolator is null)
        {
            return value;
        }
        try
        {
            return _interpolator.Interpolate(value, Source, path);
        }
        catch (FraiseQL.Configuration.FraiseQLConfigurationException ex)
        {
            throw new SecurityConfigurationException(ex.Message, ex);
        }
    }

    public static TomlTable Parse(string tomlText, string sourceName)
    {
        try
        {
            return TomlSerializer.Deserialize(tomlText, SecurityTomlContext.Default.TomlTable) ?? new TomlTable();
        }
        catch (TomlException ex)
        {
            throw new SecurityConfigurationException($"{sourceName}: invalid TOML: {ex.Message}", ex);
        }
    }

    public TomlTable? Table(TomlTable parent, string key, string path)
    {
        if (!parent.TryGetValue(key, out var value))
        {
            return null;
        }
        return value as TomlTable ?? throw new SecurityConfigurationException($"{Source}: '{path}' must be a table, found {Describe(value)}");
    }

    public IEnumerable<TomlTable> TableArray(TomlTable parent, string key, string path)
    {
        if (!parent.TryGetValue(key, out var value))
        {
            return [];
        }
        return value switch
        {
            TomlTableArray array => array,
            TomlArray array => array.Select((item, i) => item as TomlTable ?? throw new SecurityConfigurationException($"{Source}: '{path}[{i}]' must be a table")).ToList(),
            _ => throw new SecurityConfigurationException($"{Source}: '{path}' must be an array of tables ([[{path}]]), found {Describe(value)}"),
        };
    }

    public string? String(TomlTable table, string key, string path)
    {
        if (!table.TryGetValue(key, out var value))
        {
            return null;
        }
        return value is string s
            ? Interpolate(s, path)
            : throw new SecurityConfigurationException($"{Source}: '{path}' must be a string, found {Describe(value)}");
    }

    public bool? Bool(TomlTable table, string key, string path)
    {
        if (!table.TryGetValue(key, out var value))
        {
            return null;
        }
        return value switch
        {
            bool b => b,
            string s when bool.TryParse(Interpolate(s, path), out var parsed) => parsed,
            _ => throw new SecurityConfigurationException($"{Source}: '{path}' must be true or false, found {Describe(value)}"),
        };
    }

    public long? Integer(TomlTable table, string key, string path)
    {
        if (!table.TryGetValue(key, out var value))
        {
            return null;
        }
        return value switch
        {
            long l => l,
            int i => i,
            string s when long.TryParse(Interpolate(s, path), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => throw new SecurityConfigurationException($"{Source}: '{path}' must be an integer, found {Describe(value)}"),
        };
    }

    /// <summary>A string array, or a single string taken as a one-element array.</summary>
    public IReadOnlyList<string>? Strings(TomlTable table, string key, string path)
    {
        if (!table.TryGetValue(key, out var value))
        {
            return null;
        }
        return value switch
        {
            string s => [Interpolate(s, path)],
            TomlArray array => array.Select((item, i) => item is string s
                ? Interpolate(s, $"{path}[{i}]")
                : throw new SecurityConfigurationException($"{Source}: '{path}[{i}]' must be a string, found {Describe(item)}")).ToList(),
            _ => throw new SecurityConfigurationException($"{Source}: '{path}' must be a string or an array of strings, found {Describe(value)}"),
        };
    }

    private static string Describe(object? value) => value switch
    {
        null => "nothing",
        string => "a string",
        bool => "a boolean",
        long or int => "an integer",
        double => "a float",
        TomlTable => "a table",
        TomlArray or TomlTableArray => "an array",
        _ => value.GetType().Name,
    };
}
