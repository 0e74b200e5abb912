using System.Buffers;
using FraiseQL.Execution;

namespace FraiseQL.GraphQL;

/// <summary>
/// A complete GraphQL response body (UTF-8 JSON) and how the request ended. The usual response body lives in an array
/// rented from <see cref="ArrayPool{T}.Shared"/>: <see cref="Dispose"/> returns it once the body has been written
/// out (a result that is never disposed leaves its array to the garbage collector, which is safe, only slower).
/// </summary>
public sealed class ExecutionResult : IDisposable
{
    private byte[]? _rented;

    public required ExecutionOutcome Outcome { get; init; }
    public required ReadOnlyMemory<byte> Body { get; init; }
    public IReadOnlyList<GraphQLError> Errors { get; init; } = [];
    /// <summary>"query", "mutation", "subscription" or null when no operation was selected.</summary>
    public string? OperationType { get; init; }
    public string? OperationName { get; init; }

    /// <summary>The pooled array <see cref="Body"/> lies in, returned by <see cref="Dispose"/>.</summary>
    internal byte[]? RentedBody
    {
        init => _rented = value;
    }

    /// <summary>Returns the body's pooled array; <see cref="Body"/> must not be read afterwards.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _rented, null) is { } array)
        {
            ArrayPool<byte>.Shared.Return(array);
        }
    }
}
