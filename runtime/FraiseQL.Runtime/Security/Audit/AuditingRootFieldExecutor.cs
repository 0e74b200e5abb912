using System.Buffers;
using System.Text.Json;
using FraiseQL.Execution;
using FraiseQL.Schema;

namespace FraiseQL.Runtime.Security.Audit;

/// <summary>
/// Decorates the SQL executor so every mutation leaves one audit entry: outcome <c>success</c>, the mutation's
/// in-band error class (<c>error:&lt;status&gt;</c> when the result object carries a <c>status</c> field, FORMATS §1.9)
/// or <c>error:&lt;code&gt;</c> for a thrown GraphQL error; target = return type and the result's <c>id</c> when selected.
/// Queries pass through untouched. Recording never blocks (see <see cref="AuditLog"/>).
/// </summary>
public sealed class AuditingRootFieldExecutor(IRootFieldExecutor inner, AuditLog auditLog) : IRootFieldExecutor
{
    public ValueTask ExecuteQueryAsync(QueryDescriptor query, FieldSelection field, RequestContext context, IBufferWriter<byte> output, CancellationToken cancellationToken) =>
        inner.ExecuteQueryAsync(query, field, context, output, cancellationToken);

    public async ValueTask ExecuteMutationAsync(MutationDescriptor mutation, FieldSelection field, RequestContext context, IBufferWriter<byte> output, CancellationToken cancellationToken)
    {
        if (!auditLog.Enabled)
        {
            await inner.ExecuteMutationAsync(mutation, field, context, output, cancellationToken).ConfigureAwait(false);
            return;
        }
        var capture = new ArrayBufferWriter<byte>(512);
        try
        {
            await inner.ExecuteMutationAsync(mutation, field, context, capture, cancellationToken).ConfigureAwait(false);
        }
        catch (GraphQLErrorException ex)
        {
            auditLog.RecordMutation(mutation.Name, context, "error:" + ex.Error.Code, TypeRef.Parse(mutation.ReturnType).NamedType);
            throw;
        }
        catch (OperationCanceledException)
        {
            auditLog.RecordMutation(mutation.Name, context, "cancelled", TypeRef.Parse(mutation.ReturnType).NamedType);
            throw;
        }
        output.Write(capture.WrittenSpan);
        var (outcome, id, typeName) = Inspect(capture.WrittenSpan);
        auditLog.RecordMutation(mutation.Name, context, outcome, typeName ?? TypeRef.Parse(mutation.ReturnType).NamedType, id);
    }

    private static (string Outcome, string? Id, string? TypeName) Inspect(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return ("success", null, null);
        }
        string? id = null, status = null, typeName = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isId = reader.ValueTextEquals("id"u8);
            var isStatus = reader.ValueTextEquals("status"u8);
            var isTypeName = reader.ValueTextEquals("__typename"u8);
            reader.Read();
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                reader.Skip();
                continue;
            }
            if (reader.TokenType == JsonTokenType.String)
            {
                if (isId) { id = reader.GetString(); }
                else if (isStatus) { status = reader.GetString(); }
                else if (isTypeName) { typeName = reader.GetString(); }
            }
        }
        // in-band mutation errors (FORMATS §1.9) are objects with a status and no id
        return status is not null && id is null ? ("error:" + status, null, typeName) : ("success", id, typeName);
    }
}
