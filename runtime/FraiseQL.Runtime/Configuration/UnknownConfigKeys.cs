using FraiseQL.Generators.Configuration;
using Tomlyn.Model;

namespace FraiseQL.Configuration;

/// <summary>
/// The keys and sections of fraiseql.toml that neither the generator nor the runtime knows, in the file the service
/// actually read at start. The build reports them (FQL0200) for the file it compiled, but a file changed where the
/// service runs (another <c>FraiseQL:ConfigPath</c>, a mounted config map) was read with them silently ignored: a
/// misspelt <c>poool_max</c> left the pool at its default with nothing said.
/// </summary>
internal static class UnknownConfigKeys
{
    /// <summary>Each unknown key as <c>[section] key</c> (a top-level one as <c>key</c>), each unknown table as <c>[section]</c>.</summary>
    public static IReadOnlyList<string> Find(TomlTable root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var found = new List<string>();
        Walk("", root, found);
        return found;
    }

    private static void Walk(string section, TomlTable table, List<string> found)
    {
        if (!ConfigKeys.Sections.TryGetValue(section, out var known) || known is null)
        {
            return; // a map (session_variables): any key
        }
        foreach (var (key, value) in table)
        {
            var child = section.Length == 0 ? key : section + "." + key;
            var tables = value switch
            {
                TomlTable single => [single],
                TomlTableArray array => array.ToList(),
                TomlArray array when array.Count > 0 && array.All(item => item is TomlTable) => array.Cast<TomlTable>().ToList(),
                _ => (List<TomlTable>?)null,
            };
            if (tables is null)
            {
                if (Array.IndexOf(known, key) < 0)
                {
                    found.Add(section.Length == 0 ? key : $"[{section}] {key}");
                }
                continue;
            }
            if (ConfigKeys.Sections.ContainsKey(child))
            {
                foreach (var nested in tables)
                {
                    Walk(child, nested, found);
                }
            }
            else if (Array.IndexOf(known, key) < 0 && !(section.Length == 0 && ConfigKeys.NotSupportedYet.Contains(key)))
            {
                found.Add($"[{child}]"); // FraiseQL sections not implemented here are reported by the build (FQL0207)
            }
        }
    }
}
