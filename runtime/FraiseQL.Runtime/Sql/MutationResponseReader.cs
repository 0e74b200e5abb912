using System.Globalization;
using System.Text.Json;

namespace FraiseQL.Sql;

/// <summary>
/// Reads a mutation call's row, selected as <c>to_jsonb(r)</c> so that any composite shape and
/// column types (enums, smallint, arrays) arrive as plain JSON without Npgsql type mappings.
/// The shape is recognised by column names: <c>succeeded</c> + <c>state_changed</c> → FraiseQL's
/// current 13/14-column shape, <c>status</c> → the seed's 8-column shape. Extra columns are ignored.
/// </summary>
internal static class MutationResponseReader
{
    public static MutationResponse Read(string rowJson, string? projectedJson, string functionName)
    {
        using var doc = JsonDocument.Parse(rowJson);
        var row = doc.RootElement;
        if (row.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidOperationException($"{functionName} did not return a composite mutation_response row.");
        }
        var current = row.TryGetProperty("succeeded", out _) && row.TryGetProperty("state_changed", out _);
        if (!current && !row.TryGetProperty("status", out _))
        {
            throw new InvalidOperationException(
                $"{functionName} does not return mutation_response: expected a 'status' column (8-column shape) or 'succeeded' and 'state_changed' (FraiseQL's current shape).");
        }
        return new MutationResponse
        {
            IsCurrentShape = current,
            Status = Text(row, "status"),
            Succeeded = Bool(row, "succeeded"),
            StateChanged = Bool(row, "state_changed"),
            ErrorClass = Text(row, "error_class"),
            StatusDetail = Text(row, "status_detail"),
            HttpStatus = row.TryGetProperty("http_status", out var http) && http.ValueKind == JsonValueKind.Number ? http.GetInt32() : null,
            Message = Text(row, "message"),
            EntityId = Text(row, "entity_id") is { } id && Guid.TryParse(id, CultureInfo.InvariantCulture, out var guid) ? guid : null,
            EntityType = Text(row, "entity_type"),
            EntityJson = Raw(row, "entity"),
            UpdatedFields = row.TryGetProperty("updated_fields", out var fields) && fields.ValueKind == JsonValueKind.Array
                ? fields.EnumerateArray().Select(f => f.GetString() ?? "").ToArray()
                : null,
            CascadeJson = Raw(row, "cascade"),
            ErrorDetailJson = Raw(row, "error_detail"),
            MetadataJson = Raw(row, "metadata"),
            ProjectedJson = projectedJson,
        };
    }

    private static string? Text(JsonElement row, string name) =>
        row.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText()
            : null;

    private static bool? Bool(JsonElement row, string name) =>
        row.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : null;

    private static string? Raw(JsonElement row, string name) =>
        row.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value.GetRawText() : null;
}
