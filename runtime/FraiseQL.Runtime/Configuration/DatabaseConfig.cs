namespace FraiseQL.Configuration;

/// <summary>[database]</summary>
public sealed class DatabaseConfig
{
    /// <summary>"postgresql" (the only supported type).</summary>
    public string Type { get; init; } = "postgresql";
    /// <summary>libpq URL or Npgsql connection string (see <see cref="PostgresConnectionString"/>); null when not configured.</summary>
    public string? Url { get; init; }
    public int PoolMin { get; init; }
    public int PoolMax { get; init; } = 20;
    public int ConnectTimeoutMs { get; init; } = 5000;
    public int IdleTimeoutMs { get; init; } = 600_000;
    public string? SslMode { get; init; }
    /// <summary>Per-statement timeout (null = the request timeout governs).</summary>
    public int? CommandTimeoutMs { get; init; }
    /// <summary>Apply <see cref="MigrationsDir"/>/*.sql at start, in file name order.</summary>
    public bool ApplyMigrations { get; init; }
    /// <summary>
    /// How long start-up waits for PostgreSQL while it cannot be reached, in all, before its steps that need it
    /// (migrations, the event tables) give up; 0 does not wait.
    /// </summary>
    public int StartupWaitMs { get; init; } = 60_000;
    /// <summary>Migrations folder, relative to the content root.</summary>
    public string MigrationsDir { get; init; } = "migrations";
    /// <summary>Queries (reads) go through a multiplexed Npgsql data source.</summary>
    public bool Multiplexing { get; init; }
}
