using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace FraiseQL.Events;

/// <summary>
/// Creates or reuses the JetStream stream that stores a subject: an existing stream covering the subject is
/// reused; otherwise the stream of its two-token prefix (<c>FRAISEQL_ORDER</c>, subjects <c>fraiseql.order.&gt;</c>)
/// is created with the [observers.stream] settings. Results are cached per prefix.
/// </summary>
public sealed class EventStreamTopology(INatsJSContext js, FraiseQLEventsOptions options, ILogger<EventStreamTopology> logger)
{
    private readonly ConcurrentDictionary<string, string> _ensured = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary><c>a.b.c</c> → <c>a.b.&gt;</c> (a one-token subject gives <c>a.&gt;</c>).</summary>
    public static string SubjectPrefixWildcard(string subject)
    {
        var tokens = subject.Split('.');
        return tokens.Length <= 2 ? tokens[0] + ".>" : tokens[0] + "." + tokens[1] + ".>";
    }

    /// <summary><c>fraiseql.order.created</c> → <c>FRAISEQL_ORDER</c>.</summary>
    public static string DefaultStreamName(string subject)
    {
        var tokens = subject.Split('.');
        var prefix = tokens.Length <= 2 ? tokens[0] : tokens[0] + "_" + tokens[1];
        var sb = new StringBuilder(prefix.Length);
        foreach (var c in prefix)
        {
            sb.Append(char.IsAsciiLetterOrDigit(c) ? char.ToUpperInvariant(c) : '_');
        }
        return sb.ToString();
    }

    /// <summary>Returns the name of the stream that stores <paramref name="subject"/>, creating it if needed.</summary>
    public async ValueTask<string> EnsureStreamAsync(string subject, CancellationToken cancellationToken)
    {
        var wildcard = SubjectPrefixWildcard(subject);
        if (_ensured.TryGetValue(wildcard, out var known))
        {
            return known;
        }
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_ensured.TryGetValue(wildcard, out known))
            {
                return known;
            }
            string? existing = null;
            await foreach (var name in js.ListStreamNamesAsync(subject, cancellationToken).ConfigureAwait(false))
            {
                existing = name;
                break;
            }
            if (existing is not null)
            {
                _ensured[wildcard] = existing;
                return existing;
            }
            var streamName = options.Stream.Name ?? DefaultStreamName(subject);
            var config = BuildConfig(streamName, [wildcard]);
            try
            {
                await js.CreateOrUpdateStreamAsync(config, cancellationToken).ConfigureAwait(false);
            }
            catch (NatsJSApiException ex) when (options.Stream.Name is not null && ex.Error.ErrCode == 10058)
            {
                // fixed stream name already used for other subjects: add this prefix to it
                var stream = await js.GetStreamAsync(streamName, cancellationToken: cancellationToken).ConfigureAwait(false);
                var subjects = new List<string>(stream.Info.Config.Subjects ?? []) { wildcard };
                await js.UpdateStreamAsync(BuildConfig(streamName, subjects), cancellationToken).ConfigureAwait(false);
            }
            logger.LogInformation("JetStream stream {Stream} ensured for subjects {Subjects}", streamName, wildcard);
            _ensured[wildcard] = streamName;
            return streamName;
        }
        finally
        {
            _gate.Release();
        }
    }

    private StreamConfig BuildConfig(string name, ICollection<string> subjects) => new(name, subjects)
    {
        Storage = options.Stream.Storage.ToLowerInvariant() switch
        {
            "file" => StreamConfigStorage.File,
            "memory" => StreamConfigStorage.Memory,
            var other => throw new InvalidOperationException($"[observers.stream] storage = \"{other}\" is not valid; use \"file\" or \"memory\"."),
        },
        Retention = options.Stream.Retention.ToLowerInvariant() switch
        {
            "limits" => StreamConfigRetention.Limits,
            "interest" => StreamConfigRetention.Interest,
            "workqueue" => StreamConfigRetention.Workqueue,
            var other => throw new InvalidOperationException($"[observers.stream] retention = \"{other}\" is not valid; use \"limits\", \"interest\" or \"workqueue\"."),
        },
        MaxAge = DurationText.Parse(options.Stream.MaxAge, "[observers.stream] max_age"),
        NumReplicas = options.Stream.Replicas,
        MaxBytes = options.Stream.MaxBytes,
        DuplicateWindow = DurationText.Parse(options.Stream.DuplicateWindow, "[observers.stream] duplicate_window"),
    };
}
