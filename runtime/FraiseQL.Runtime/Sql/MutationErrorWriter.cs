using System.Buffers;
using System.Text.Json;
using FraiseQL.Execution;
using FraiseQL.GraphQL;
using FraiseQL.Schema;

namespace FraiseQL.Sql;

/// <summary>
/// Writes a failed mutation as an in-band error object of the union's <c>is_error</c> member
/// (FORMATS §1.9): <c>status</c> (the 8-column status, or the error class), <c>message</c>,
/// <c>httpStatus</c>, <c>errorClass</c>, <c>__typename</c>, and every other selected field from
/// <c>error_detail</c> by its storage key, projected to its selection like any other result (nested objects keep
/// only their selected fields; a masked field is null; absent is null), so an error payload never carries more
/// than the caller selected and may see.
/// </summary>
internal static class MutationErrorWriter
{
    public static void Write(IBufferWriter<byte> output, SchemaIndex schema, string errorType, FieldSelection field,
        MutationResponse response, MutationOutcome outcome, int httpStatus)
    {
        using var detail = response.ErrorDetailJson is null ? null : JsonDocument.Parse(response.ErrorDetailJson);
        using var writer = new Utf8JsonWriter(output);
        writer.WriteStartObject();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var projection = new JsonbProjectionCompiler(schema);
        var projector = new JsonSelectionProjector(schema);
        foreach (var selection in field.Selections)
        {
            if (!projection.AppliesTo(selection.TypeCondition, errorType) || !seen.Add(selection.ResponseName))
            {
                continue;
            }
            writer.WritePropertyName(selection.ResponseName);
            switch (selection.FieldName)
            {
                case "__typename":
                    writer.WriteStringValue(errorType);
                    continue;
                case "status":
                    writer.WriteStringValue(response.Status ?? outcome.ErrorClass);
                    continue;
                case "message":
                    WriteNullable(writer, response.Message);
                    continue;
                case "httpStatus":
                    writer.WriteNumberValue(httpStatus);
                    continue;
                case "errorClass":
                    WriteNullable(writer, outcome.ErrorClass);
                    continue;
            }
            if (selection.Masked)
            {
                writer.WriteNullValue(); // on_deny = "mask"
                continue;
            }
            var descriptor = schema.FindField(errorType, selection.FieldName);
            var key = descriptor?.StorageKey ?? SnakeCase.Convert(selection.FieldName);
            if (detail is not null && detail.RootElement.ValueKind == JsonValueKind.Object && detail.RootElement.TryGetProperty(key, out var value))
            {
                var valueType = descriptor is null ? selection.FieldName : TypeRef.Parse(descriptor.Type).NamedType;
                projector.WriteValue(writer, value, valueType, selection.Selections);
            }
            else
            {
                writer.WriteNullValue();
            }
        }
        writer.WriteEndObject();
    }

    private static void WriteNullable(Utf8JsonWriter writer, string? value)
    {
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteStringValue(value);
        }
    }
}
