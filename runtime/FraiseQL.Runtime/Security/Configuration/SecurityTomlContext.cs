using Tomlyn.Model;
using Tomlyn.Serialization;

namespace FraiseQL.Runtime.Security.Configuration;

/// <summary>Source-generated (reflection-free) TOML reading of fraiseql.toml as a <see cref="TomlTable"/>.</summary>
[TomlSerializable(typeof(TomlTable))]
internal sealed partial class SecurityTomlContext : TomlSerializerContext;
