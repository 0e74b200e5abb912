namespace FraiseQL.Configuration;

/// <summary>
/// fraiseql.toml as a typed model, with <c>${ENV}</c> placeholders resolved. Loaded once at start
/// by <see cref="FraiseQLConfigLoader"/> and registered as a singleton for every subsystem.
/// </summary>
public sealed class FraiseQLConfig
{
    /// <summary>Where the settings came from (file path, or "schema.json snapshot" / "defaults").</summary>
    public string Source { get; init; } = "defaults";

    /// <summary>The TOML text as read (placeholders unresolved), for subsystems that read their own sections; null for defaults.</summary>
    public string? Text { get; init; }

    /// <summary>The parsed TOML of <see cref="Text"/>, so subsystems that read their own sections do not parse the file again.</summary>
    internal Tomlyn.Model.TomlTable? Root { get; init; }

    /// <summary>The <c>${ENV}</c> lookup the file was loaded with (null: the process environment).</summary>
    internal Func<string, string?>? EnvironmentLookup { get; init; }

    public ProjectConfig Project { get; init; } = new();
    public DatabaseConfig Database { get; init; } = new();
    public ServerConfig Server { get; init; } = new();
    public ValidationConfig Validation { get; init; } = new();
    public ObserversConfig Observers { get; init; } = new();
    public SecurityConfig Security { get; init; } = new();
    public AuthConfig Auth { get; init; } = new();
    public SubscriptionsConfig Subscriptions { get; init; } = new();
    public CachingConfig Caching { get; init; } = new();
}

/// <summary>[project]</summary>
public sealed class ProjectConfig
{
    public string? Name { get; init; }
    public string? Version { get; init; }
    public string? Description { get; init; }
}
