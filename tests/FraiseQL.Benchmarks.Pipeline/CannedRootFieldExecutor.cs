using System.Buffers;
using FraiseQL.Execution;
using FraiseQL.Schema;

namespace FraiseQL.Benchmarks.Pipeline;

/// <summary>Stands in for PostgreSQL: writes a fixed JSON value per root field, as the SQL executor writes PostgreSQL's text.</summary>
internal sealed class CannedRootFieldExecutor(IReadOnlyDictionary<string, byte[]> values) : IRootFieldExecutor
{
    public ValueTask ExecuteQueryAsync(QueryDescriptor query, FieldSelection field, RequestContext context, IBufferWriter<byte> output, CancellationToken cancellationToken)
    {
        output.Write(values[query.Name]);
        return ValueTask.CompletedTask;
    }

    public ValueTask ExecuteMutationAsync(MutationDescriptor mutation, FieldSelection field, RequestContext context, IBufferWriter<byte> output, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The pipeline benchmark runs queries only.");
}
