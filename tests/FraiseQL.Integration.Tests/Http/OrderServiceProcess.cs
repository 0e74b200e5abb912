using System.Diagnostics;

namespace FraiseQL.Integration.Tests.Http;

/// <summary>The order service's own executable, built beside these tests, run as its users run it.</summary>
internal static class OrderServiceProcess
{
    /// <summary>
    /// Runs the order service in <paramref name="contentRoot"/> with <paramref name="args"/>, without DATABASE_URL and
    /// NATS_URL unless <paramref name="databaseUrl"/> or <paramref name="natsUrl"/> is given; returns its exit code,
    /// standard output and standard error. Fails the test, killing the process, when it has not ended within 60 s.
    /// <paramref name="urls"/>: its ASPNETCORE_URLS (default a port of its own).
    /// </summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string contentRoot, string[]? args = null, string? databaseUrl = null, string? natsUrl = null, string? urls = null)
    {
        var host = Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
        var start = new ProcessStartInfo(host)
        {
            WorkingDirectory = contentRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "order-service.dll"));
        foreach (var arg in args ?? [])
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment.Remove("DATABASE_URL");
        if (databaseUrl is not null)
        {
            start.Environment["DATABASE_URL"] = databaseUrl;
        }
        start.Environment.Remove("NATS_URL");
        if (natsUrl is not null)
        {
            start.Environment["NATS_URL"] = natsUrl;
        }
        // were it to start after all, on a port of its own, never one a test or the demo uses
        start.Environment["ASPNETCORE_URLS"] = urls ?? "http://127.0.0.1:0";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the order service");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"the order service did not stop within 60 s; it wrote: {await stdout}{await stderr}");
        }
        return (process.ExitCode, await stdout, await stderr);
    }
}
