namespace FraiseQL.Hosting;

/// <summary>The maintenance commands <c>RunFraiseQLAsync</c> runs instead of the service, by their first argument.</summary>
internal static class FraiseQLCommandLine
{
    /// <summary>
    /// <c>sql</c>, <c>schema</c> and <c>help</c>: commands that never connect to PostgreSQL or NATS, so AddFraiseQL, which
    /// reads the process's command line to know, loads fraiseql.toml without the settings they do not need: an unset
    /// environment variable reads as empty and an unset <c>[database] url</c> as a placeholder never opened
    /// (<see cref="FraiseQL.Configuration.FraiseQLConfigLoader.OfflineDatabaseUrl"/>).
    /// </summary>
    public static bool IsOfflineCommand(ReadOnlySpan<string> args) => args is ["sql" or "schema" or "help" or "--help" or "-h", ..];
}
