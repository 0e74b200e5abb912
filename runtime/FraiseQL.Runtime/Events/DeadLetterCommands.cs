using Microsoft.Extensions.DependencyInjection;
using NATS.Client.Core;

namespace FraiseQL.Events;

/// <summary>
/// The <c>dead-letters</c> command a service's Program.cs forwards to:
/// <code>
/// dead-letters list [--all]          pending dead letters (with --all: replayed ones too)
/// dead-letters replay &lt;id&gt;          republish one to its original subject (new Nats-Msg-Id) and mark it replayed
/// dead-letters replay --all          the same for every pending dead letter
/// </code>
/// Returns a process exit code: 0 done, 1 nothing matched / failed, 2 usage error.
/// </summary>
public static class DeadLetterCommands
{
    public const string Usage = """
        usage: dead-letters list [--all]
               dead-letters replay <id> | --all
        """;

    /// <summary>True when <paramref name="args"/> starts with <c>dead-letters</c>.</summary>
    public static bool Matches(string[] args) => args is ["dead-letters", ..];

    public static async Task<int> RunAsync(string[] args, IServiceProvider services, TextWriter output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(output);
        var rest = args is ["dead-letters", ..] ? args[1..] : args;
        var store = services.GetRequiredService<DeadLetterStore>();
        switch (rest)
        {
            case ["list", .. var flags] when flags.All(f => f == "--all"):
            {
                await EventStoreSchema.EnsureAsync(services.GetRequiredService<Npgsql.NpgsqlDataSource>(), cancellationToken).ConfigureAwait(false);
                var letters = await store.ListAsync(flags.Length > 0, cancellationToken).ConfigureAwait(false);
                await output.WriteLineAsync($"{letters.Count} dead letter(s)").ConfigureAwait(false);
                foreach (var d in letters)
                {
                    await output.WriteLineAsync(
                        $"{d.Id}  {d.FailedAt:u}  consumer={d.Consumer}  subject={d.Subject}  event={d.EventId?.ToString() ?? "-"}  attempts={d.Attempts}  " +
                        $"{(d.ReplayedAt is { } r ? $"replayed={r:u}" : "pending")}  error={d.Error.ReplaceLineEndings(" ")}").ConfigureAwait(false);
                }
                return 0;
            }
            case ["replay", "--all"]:
            {
                var letters = await store.ListAsync(includeReplayed: false, cancellationToken).ConfigureAwait(false);
                if (letters.Count > 0)
                {
                    await RequireNatsAsync(services, cancellationToken).ConfigureAwait(false);
                }
                var replayed = 0;
                var skipped = 0;
                foreach (var d in letters)
                {
                    try
                    {
                        if (await store.ReplayAsync(d.Id, cancellationToken).ConfigureAwait(false))
                        {
                            replayed++;
                            await output.WriteLineAsync($"replayed {d.Id} to {d.Subject}").ConfigureAwait(false);
                        }
                    }
                    catch (InvalidOperationException e)
                    {
                        skipped++;
                        await output.WriteLineAsync($"skipped {e.Message}").ConfigureAwait(false);
                    }
                }
                await output.WriteLineAsync($"{replayed} dead letter(s) replayed" + (skipped > 0 ? $", {skipped} skipped" : "")).ConfigureAwait(false);
                return skipped > 0 ? 1 : 0;
            }
            case ["replay", var idText]:
            {
                if (!Guid.TryParse(idText, out var id))
                {
                    await output.WriteLineAsync($"'{idText}' is not a dead-letter id (a UUID from 'dead-letters list').").ConfigureAwait(false);
                    return 2;
                }
                await RequireNatsAsync(services, cancellationToken).ConfigureAwait(false);
                try
                {
                    if (await store.ReplayAsync(id, cancellationToken).ConfigureAwait(false))
                    {
                        await output.WriteLineAsync($"replayed {id}").ConfigureAwait(false);
                        return 0;
                    }
                }
                catch (InvalidOperationException e)
                {
                    await output.WriteLineAsync(e.Message).ConfigureAwait(false);
                    return 1;
                }
                await output.WriteLineAsync($"no pending dead letter {id} (unknown, or already replayed; see 'dead-letters list --all')").ConfigureAwait(false);
                return 1;
            }
            default:
                await output.WriteLineAsync(Usage).ConfigureAwait(false);
                return 2;
        }
    }

    /// <summary>How long a replay waits for NATS to answer before it gives up.</summary>
    internal static readonly TimeSpan NatsReachTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Makes sure NATS answers before a replay publishes. The service's connection reconnects forever, as a service's
    /// should, so without this a NATS out of reach (a NATS_URL not set, say) kept the command waiting with nothing on
    /// standard error. Throws a <see cref="NatsException"/> naming the URL, which the command prints as one line.
    /// </summary>
    private static async Task RequireNatsAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var nats = services.GetRequiredService<INatsConnection>();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(NatsReachTimeout);
        try
        {
            await nats.PingAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new NatsException(
                $"NATS at {nats.Opts.Url} could not be reached within {NatsReachTimeout.TotalSeconds:0} s; a replay publishes there. Set NATS_URL (or [observers] nats_url) to the NATS the service uses.");
        }
    }
}
