using System.Buffers;
using FraiseQL.Execution;
using FraiseQL.Schema;

namespace FraiseQL.Integration.Tests.Events.Support;

/// <summary>Stands in for the SQL executor behind the remote-query decorator: records what reached it.</summary>
public sealed class RecordingSqlExecutor : IRootFieldExecutor
{
    public List<string> Calls { get; } = [];

    public ValueTask ExecuteQueryAsync(QueryDescriptor query, FieldSelection field, RequestContext context, IBufferWriter<byte> output, CancellationToken cancellationToken)
    {
        Calls.Add("query:" + query.Name);
        output.Write("\"from-sql\""u8);
        return ValueTask.CompletedTask;
    }

    public ValueTask ExecuteMutationAsync(MutationDescriptor mutation, FieldSelection field, RequestContext context, IBufferWriter<byte> output, CancellationToken cancellationToken)
    {
        Calls.Add("mutation:" + mutation.Name);
        output.Write("\"from-sql\""u8);
        return ValueTask.CompletedTask;
    }
}
