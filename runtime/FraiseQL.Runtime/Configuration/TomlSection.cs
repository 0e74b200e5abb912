using System.Globalization;
using Tomlyn.Model;

namespace FraiseQL.Configuration;

/// <summary>
/// Typed, located reads from one fraiseql.toml table. Every string is interpolated
/// (<c>${VAR}</c>); a numeric or boolean key may also be given as a string (so
/// <c>pool_max = "${POOL_MAX:-20}"</c> works). Errors name the file, the table and the key.
/// </summary>
internal sealed class TomlSection
{
    private readonly TomlTable _table;
    private readonly string _file;
    private readonly EnvironmentInterpolator _interpolator;

    public TomlSection(TomlTable table, string file, string name, EnvironmentInterpolator interpolator)
    {
        _table = table;
        _file = file;
        Name = name;
        _interpolator = interpolator;
    }

    /// <summary>Display name, e.g. "[database]" or "[[observers.publish]] #2".</summary>
    public string Name { get; }

    public TomlSection Table(string key)
    {
        var childName = Name.Length == 0 ? $"[{key}]" : $"[{Name.Trim('[', ']')}.{key}]";
        if (!_table.TryGetValue(key, out var value))
        {
            return new TomlSection(new TomlTable(), _file, childName, _interpolator);
        }
        if (value is TomlTable table)
        {
            return new TomlSection(table, _file, childName, _interpolator);
        }
        throw Error(key, "expected a table", value);
    }

    public IReadOnlyList<TomlSection> TableArray(string key)
    {
        if (!_table.TryGetValue(key, out var value))
        {
            return [];
        }
        var prefix = Name.Length == 0 ? key : $"{Name.Trim('[', ']')}.{key}";
        if (value is TomlTableArray array)
        {
            var result = new List<TomlSection>(array.Count);
            for (var i = 0; i < array.Count; i++)
            {
                result.Add(new TomlSection(array[i], _file, $"[[{prefix}]] #{i + 1}", _interpolator));
            }
            return result;
        }
        if (value is TomlArray inline && inline.All(item => item is TomlTable))
        {
            // key = [ { … }, { … } ] — an array of inline tables
            var result = new List<TomlSection>(inline.Count);
            for (var i = 0; i < inline.Count; i++)
            {
                result.Add(new TomlSection((TomlTable)inline[i]!, _file, $"[[{prefix}]] #{i + 1}", _interpolator));
            }
            return result;
        }
        throw Error(key, "expected an array of tables ([[" + prefix + "]])", value);
    }

    public string? String(string key)
    {
        if (!_table.TryGetValue(key, out var value))
        {
            return null;
        }
        return value switch
        {
            string s => _interpolator.Interpolate(s, _file, Describe(key)),
            _ => throw Error(key, "expected a string", value),
        };
    }

    public string RequiredString(string key) =>
        String(key) is { Length: > 0 } s ? s : throw new FraiseQLConfigurationException($"{_file}: {Describe(key)}: required, but missing or empty.");

    public int? Int(string key)
    {
        var l = Long(key);
        if (l is null)
        {
            return null;
        }
        if (l < int.MinValue || l > int.MaxValue)
        {
            throw Error(key, "expected a 32-bit integer", l.Value);
        }
        return (int)l.Value;
    }

    public long? Long(string key)
    {
        if (!_table.TryGetValue(key, out var value))
        {
            return null;
        }
        switch (value)
        {
            case long l:
                return l;
            case string s:
                var text = _interpolator.Interpolate(s, _file, Describe(key));
                if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed))
                {
                    return parsed;
                }
                throw Error(key, "expected an integer", text);
            default:
                throw Error(key, "expected an integer", value);
        }
    }

    public bool? Bool(string key)
    {
        if (!_table.TryGetValue(key, out var value))
        {
            return null;
        }
        switch (value)
        {
            case bool b:
                return b;
            case string s:
                var text = _interpolator.Interpolate(s, _file, Describe(key));
                if (bool.TryParse(text, out var parsed))
                {
                    return parsed;
                }
                throw Error(key, "expected a boolean (true or false)", text);
            default:
                throw Error(key, "expected a boolean (true or false)", value);
        }
    }

    public IReadOnlyList<string>? StringArray(string key)
    {
        if (!_table.TryGetValue(key, out var value))
        {
            return null;
        }
        if (value is TomlArray array)
        {
            var result = new List<string>(array.Count);
            foreach (var item in array)
            {
                result.Add(item is string s
                    ? _interpolator.Interpolate(s, _file, Describe(key))
                    : throw Error(key, "expected an array of strings", item));
            }
            return result;
        }
        if (value is string single)
        {
            // "a,b" shorthand (handy with ${ENV})
            return _interpolator.Interpolate(single, _file, Describe(key))
                .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }
        throw Error(key, "expected an array of strings", value);
    }

    public IReadOnlyList<int>? IntArray(string key)
    {
        if (!_table.TryGetValue(key, out var value))
        {
            return null;
        }
        if (value is TomlArray array)
        {
            var result = new List<int>(array.Count);
            foreach (var item in array)
            {
                result.Add(item is long l and >= int.MinValue and <= int.MaxValue
                    ? (int)l
                    : throw Error(key, "expected an array of integers", item));
            }
            return result;
        }
        throw Error(key, "expected an array of integers", value);
    }

    public IReadOnlyDictionary<string, string>? StringMap(string key)
    {
        if (!_table.TryGetValue(key, out var value))
        {
            return null;
        }
        if (value is TomlTable table)
        {
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var pair in table)
            {
                result[pair.Key] = pair.Value is string s
                    ? _interpolator.Interpolate(s, _file, Describe(key + "." + pair.Key))
                    : throw Error(key + "." + pair.Key, "expected a string", pair.Value);
            }
            return result;
        }
        throw Error(key, "expected a table of strings", value);
    }

    /// <summary>Positive integer check for counts, sizes and timeouts.</summary>
    public int? PositiveInt(string key)
    {
        var v = Int(key);
        if (v is <= 0)
        {
            throw Error(key, "expected a positive integer", v.Value);
        }
        return v;
    }

    public FraiseQLConfigurationException Error(string key, string expectation, object? got) =>
        new($"{_file}: {Describe(key)}: {expectation}, got {Show(got)}");

    /// <summary>An error about a value that must not be echoed (it may hold a password), naming only the file and key.</summary>
    public FraiseQLConfigurationException SecretError(string key, string problem, Exception inner) =>
        new($"{_file}: {Describe(key)}: {problem}", inner);

    private string Describe(string key) => Name.Length == 0 ? key : Name + " " + key;

    private static string Show(object? value) => value switch
    {
        null => "nothing",
        string s => "\"" + s + "\"",
        bool b => b ? "true" : "false",
        long l => l.ToString(CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        double d => d.ToString(CultureInfo.InvariantCulture),
        TomlTable => "a table",
        TomlArray => "an array",
        TomlTableArray => "an array of tables",
        _ => value.ToString() ?? "a value",
    };
}
