namespace FraiseQL.Hosting;

/// <summary>
/// A hosted service that readies PostgreSQL before the service serves (the migrations at start, the event tables) and
/// that stops start-up with a <see cref="FraiseQLStartupException"/> when it cannot. <c>RunFraiseQLAsync</c> runs these
/// steps, in registration order, before it starts the host, so that a failure is one line on standard error and exit
/// code 1, without the host's "Hosting failed to start" report and stack trace; the host's own <c>StartAsync</c> call
/// then finds them done. A service started with <c>app.Run()</c> runs them as ordinary hosted services.
/// </summary>
internal interface IFraiseQLStartupStep
{
    /// <summary>Runs the step unless it already succeeded.</summary>
    Task RunOnceAsync(CancellationToken cancellationToken);
}
