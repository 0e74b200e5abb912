namespace FraiseQL.Hosting;

/// <summary>
/// Ends the process the way a command-line tool does when a <see cref="FraiseQLStartupException"/> (a configuration
/// error included) reaches the top of a thread uncaught: its message on standard error and exit code 1, instead of the
/// runtime's "Unhandled exception." report, a stack trace through the runtime and an abort (SIGABRT, exit code 134).
/// AddFraiseQL and MapFraiseQL throw at start-up from the service's Program.cs, and the host's start rethrows what a
/// start-up step threw, where nothing catches it; the message already names the file, the key or the step, and what to
/// do. A host that catches the exception (a test, an application with its own error handling) never gets here, and any
/// other unhandled exception keeps the runtime's report.
/// </summary>
internal static class UnhandledStartupError
{
    public const int ExitCode = 1;

    private static int _installed;

    public static void Install()
    {
        if (Interlocked.Exchange(ref _installed, 1) == 0)
        {
            AppDomain.CurrentDomain.UnhandledException += OnUnhandledException;
        }
    }

    private static void OnUnhandledException(object sender, UnhandledExceptionEventArgs e)
    {
        if (e.ExceptionObject is FraiseQLStartupException error)
        {
            Console.Error.WriteLine(Describe(error));
            Console.Error.Flush();
            Environment.Exit(ExitCode);
        }
    }

    /// <summary>The line written for <paramref name="error"/>: <c>error: &lt;file&gt;: [table] key: what is wrong</c>.</summary>
    public static string Describe(FraiseQLStartupException error) => $"error: {error.Message}";
}
