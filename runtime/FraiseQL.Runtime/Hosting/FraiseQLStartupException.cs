namespace FraiseQL.Hosting;

/// <summary>
/// The service cannot start, for a reason its message states in full: a missing or invalid setting
/// (<see cref="FraiseQL.Configuration.FraiseQLConfigurationException"/>), a migration that fails, PostgreSQL out of
/// reach for longer than start-up waits for it. Uncaught in <c>Program.cs</c>, it ends the process with that message and
/// exit code 1 (<see cref="UnhandledStartupError"/>).
/// </summary>
public class FraiseQLStartupException : Exception
{
    public FraiseQLStartupException(string message)
        : base(message)
    {
    }

    public FraiseQLStartupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
