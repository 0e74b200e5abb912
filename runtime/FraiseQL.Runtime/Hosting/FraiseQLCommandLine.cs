namespace FraiseQL.Hosting;

/// <summary>
/// The maintenance commands <c>RunFraiseQLAsync</c> runs instead of the service, by the first argument. Registration
/// (AddFraiseQL), which runs before <c>RunFraiseQLAsync</c> sees its arguments, reads the process's command line to know.
/// </summary>
internal static class FraiseQLCommandLine
{
    /// <summary>The process's arguments after the program itself.</summary>
    public static ReadOnlySpan<string> ProcessArguments => Environment.GetCommandLineArgs().AsSpan(1);

    /// <summary>
    /// <c>sql</c>, <c>schema</c> and <c>help</c>: commands that never connect to PostgreSQL or NATS, so fraiseql.toml is
    /// loaded without the settings they do not need: an unset environment variable reads as empty and an unset
    /// <c>[database] url</c> as a placeholder never opened
    /// (<see cref="FraiseQL.Configuration.FraiseQLConfigLoader.OfflineDatabaseUrl"/>).
    /// </summary>
    public static bool IsOfflineCommand(ReadOnlySpan<string> args) => args is ["sql" or "schema" or "help" or "--help" or "-h", ..];

    /// <summary>
    /// Any maintenance command (the offline ones, <c>migrate</c>, <c>check</c>, <c>cache-triggers</c>, <c>dead-letters</c>): it
    /// reports in its own lines, so the NATS client's connection attempts are not logged (a NATS out of reach is one
    /// line from the command, not a page of retries with stack traces).
    /// </summary>
    public static bool IsMaintenanceCommand(ReadOnlySpan<string> args) =>
        IsOfflineCommand(args) || args is ["migrate" or "check" or "cache-triggers" or "dead-letters", ..];
}
