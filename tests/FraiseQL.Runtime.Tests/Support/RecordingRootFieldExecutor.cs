using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using FraiseQL.Execution;
using FraiseQL.Schema;

namespace FraiseQL.Runtime.Tests.Support;

/// <summary>Test double of the SQL seam: records what it was asked and answers with canned JSON (or a failure).</summary>
public sealed class RecordingRootFieldExecutor : IRootFieldExecutor
{
    public ConcurrentQueue<(string Kind, string Name, FieldSelection Field, RequestContext Context)> Calls { get; } = new();

    /// <summary>Field name → JSON to write. Missing → "null".</summary>
    public ConcurrentDictionary<string, string> Responses { get; } = new(StringComparer.Ordinal);

    /// <summary>When set, every call throws it (or only the calls for <see cref="FailingField"/>, when that is set).</summary>
    public Exception? Failure { get; set; }

    /// <summary>When set, only this root field throws <see cref="Failure"/>; the others answer.</summary>
    public string? FailingField { get; set; }

    /// <summary>When set, calls wait for cancellation (to test the request timeout).</summary>
    public bool Hang { get; set; }

    public bool SawCancellation { get; private set; }

    /// <summary>When set, every call takes this long (an operation still running when something else happens).</summary>
    public TimeSpan? Delay { get; set; }

    /// <summary>Report a cancelled <see cref="Hang"/> as PostgreSQL's executor does: a TIMEOUT error, not the cancellation.</summary>
    public bool CancellationAsTimeoutError { get; set; }

    public ValueTask ExecuteQueryAsync(QueryDescriptor query, FieldSelection field, RequestContext context, IBufferWriter<byte> output, CancellationToken cancellationToken) =>
        RunAsync("query", query.Name, field, context, output, cancellationToken);

    public ValueTask ExecuteMutationAsync(MutationDescriptor mutation, FieldSelection field, RequestContext context, IBufferWriter<byte> output, CancellationToken cancellationToken) =>
        RunAsync("mutation", mutation.Name, field, context, output, cancellationToken);

    private async ValueTask RunAsync(string kind, string name, FieldSelection field, RequestContext context, IBufferWriter<byte> output, CancellationToken cancellationToken)
    {
        Calls.Enqueue((kind, name, field, context));
        if (Delay is { } delay)
        {
            await Task.Delay(delay, cancellationToken);
        }
        if (Hang)
        {
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                SawCancellation = true;
                if (CancellationAsTimeoutError)
                {
                    throw new GraphQLErrorException(new GraphQLError("cancelled", "TIMEOUT"));
                }
                throw;
            }
        }
        if (Failure is not null && (FailingField is null || FailingField == name))
        {
            throw Failure;
        }
        output.Write(Encoding.UTF8.GetBytes(Responses.TryGetValue(name, out var json) ? json : "null"));
    }
}
