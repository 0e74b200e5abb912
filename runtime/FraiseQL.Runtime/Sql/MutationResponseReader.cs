using System.Data.Common;

namespace FraiseQL.Sql;

/// <summary>
/// Reads the first row of a mutation call into a <see cref="MutationResponse"/>, recognising
/// the shape by column names: <c>succeeded</c> + <c>state_changed</c> → FraiseQL's current
/// 13/14-column shape, <c>status</c> → the seed's 8-column shape. Extra columns are ignored.
/// </summary>
internal static class MutationResponseReader
{
    public static MutationResponse Read(DbDataReader reader, string functionName)
    {
        int succeeded = -1, stateChanged = -1, errorClass = -1, statusDetail = -1, httpStatus = -1, status = -1, message = -1,
            entityId = -1, entityType = -1, entity = -1, updatedFields = -1, cascade = -1, errorDetail = -1, metadata = -1, result = -1;
        for (var i = 0; i < reader.FieldCount; i++)
        {
            switch (reader.GetName(i))
            {
                case "succeeded": succeeded = i; break;
                case "state_changed": stateChanged = i; break;
                case "error_class": errorClass = i; break;
                case "status_detail": statusDetail = i; break;
                case "http_status": httpStatus = i; break;
                case "status": status = i; break;
                case "message": message = i; break;
                case "entity_id": entityId = i; break;
                case "entity_type": entityType = i; break;
                case "entity": entity = i; break;
                case "updated_fields": updatedFields = i; break;
                case "cascade": cascade = i; break;
                case "error_detail": errorDetail = i; break;
                case "metadata": metadata = i; break;
                case MutationStatementCompiler.ResultColumn: result = i; break;
            }
        }
        var current = succeeded >= 0 && stateChanged >= 0;
        if (!current && status < 0)
        {
            throw new InvalidOperationException(
                $"{functionName} does not return mutation_response: expected a 'status' column (8-column shape) or 'succeeded' and 'state_changed' (FraiseQL's current shape).");
        }
        return new MutationResponse
        {
            IsCurrentShape = current,
            Status = Text(reader, status),
            Succeeded = succeeded >= 0 && !reader.IsDBNull(succeeded) ? reader.GetBoolean(succeeded) : null,
            StateChanged = stateChanged >= 0 && !reader.IsDBNull(stateChanged) ? reader.GetBoolean(stateChanged) : null,
            ErrorClass = Text(reader, errorClass),
            StatusDetail = Text(reader, statusDetail),
            HttpStatus = httpStatus >= 0 && !reader.IsDBNull(httpStatus) ? System.Convert.ToInt32(reader.GetValue(httpStatus), System.Globalization.CultureInfo.InvariantCulture) : null,
            Message = Text(reader, message),
            EntityId = entityId >= 0 && !reader.IsDBNull(entityId) ? reader.GetGuid(entityId) : null,
            EntityType = Text(reader, entityType),
            EntityJson = Text(reader, entity),
            UpdatedFields = updatedFields >= 0 && !reader.IsDBNull(updatedFields) ? reader.GetFieldValue<string[]>(updatedFields) : null,
            CascadeJson = Text(reader, cascade),
            ErrorDetailJson = Text(reader, errorDetail),
            MetadataJson = Text(reader, metadata),
            ProjectedJson = Text(reader, result),
        };
    }

    private static string? Text(DbDataReader reader, int ordinal) =>
        ordinal >= 0 && !reader.IsDBNull(ordinal) ? reader.GetFieldValue<string>(ordinal) : null;
}
