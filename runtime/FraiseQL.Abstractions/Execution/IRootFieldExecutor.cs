using System.Buffers;
using FraiseQL.Schema;

namespace FraiseQL.Execution;

/// <summary>
/// Runs one root field against PostgreSQL (one SQL statement per root field) and writes its JSON
/// value — exactly the bytes that go after <c>"responseName":</c> in the response — to
/// <paramref name="output"/>. On failure it writes nothing and throws
/// <see cref="GraphQLErrorException"/> (field errors) or lets cancellation propagate.
/// </summary>
public interface IRootFieldExecutor
{
    ValueTask ExecuteQueryAsync(QueryDescriptor query, FieldSelection field, RequestContext context, IBufferWriter<byte> output, CancellationToken cancellationToken);

    ValueTask ExecuteMutationAsync(MutationDescriptor mutation, FieldSelection field, RequestContext context, IBufferWriter<byte> output, CancellationToken cancellationToken);
}
