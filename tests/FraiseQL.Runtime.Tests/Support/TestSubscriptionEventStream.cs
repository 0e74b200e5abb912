using System.Runtime.CompilerServices;
using System.Text;
using FraiseQL.Events;
using FraiseQL.Execution;
using FraiseQL.Schema;

namespace FraiseQL.Runtime.Tests.Support;

/// <summary>Test double of the event seam: yields a few values, then completes or waits for cancellation.</summary>
public sealed class TestSubscriptionEventStream : ISubscriptionEventStream
{
    private int _active;

    public IReadOnlyList<string> Values { get; init; } = ["""{"id":"1"}""", """{"id":"2"}""", """{"id":"3"}"""];

    /// <summary>When true the stream stays open after the values until cancelled.</summary>
    public bool StayOpen { get; init; }

    public List<(SubscriptionDescriptor Subscription, FieldSelection Field)> Calls { get; } = [];

    public int Active => Volatile.Read(ref _active);

    public int Cancelled;

    public async IAsyncEnumerable<ReadOnlyMemory<byte>> SubscribeAsync(SubscriptionDescriptor subscription, FieldSelection field, RequestContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        lock (Calls)
        {
            Calls.Add((subscription, field));
        }
        Interlocked.Increment(ref _active);
        try
        {
            foreach (var value in Values)
            {
                yield return Encoding.UTF8.GetBytes(value);
            }
            if (StayOpen)
            {
                try
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    Interlocked.Increment(ref Cancelled);
                    throw;
                }
            }
        }
        finally
        {
            Interlocked.Decrement(ref _active);
        }
    }
}
