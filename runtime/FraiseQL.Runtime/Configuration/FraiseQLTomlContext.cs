using Tomlyn.Model;
using Tomlyn.Serialization;

namespace FraiseQL.Configuration;

/// <summary>Source-generated Tomlyn metadata: fraiseql.toml is read as a <see cref="TomlTable"/> without reflection.</summary>
[TomlSerializable(typeof(TomlTable))]
internal sealed partial class FraiseQLTomlContext : TomlSerializerContext
{
}
