using System.Buffers;
using System.Text.Json;
using FraiseQL.Execution;
using FraiseQL.Schema;
using FraiseQL.Sql;

namespace FraiseQL.GraphQL;

/// <summary>
/// Projects a <see cref="FieldSelection"/> over a JSON value in C#: snake_case storage keys become response
/// names (aliases honoured), nested objects and lists are projected recursively, <c>__typename</c> is filled
/// from the schema, fragments on other types are left out, masked fields and absent keys become null. Used where the
/// JSON does not come from a SQL projection: subscription events, request–reply answers, mutation error details.
/// </summary>
public sealed class JsonSelectionProjector(SchemaIndex schema)
{
    /// <summary>The JSON value of <paramref name="field"/> (of GraphQL type <paramref name="typeName"/>) over <paramref name="value"/>.</summary>
    public byte[] Project(JsonElement value, string typeName, FieldSelection field)
    {
        ArgumentNullException.ThrowIfNull(field);
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteValue(writer, value, typeName, field.Selections);
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes the projection into <paramref name="writer"/>.</summary>
    public void WriteValue(Utf8JsonWriter writer, JsonElement value, string typeName, IReadOnlyList<FieldSelection> selections)
    {
        ArgumentNullException.ThrowIfNull(writer);
        switch (value.ValueKind)
        {
            case JsonValueKind.Undefined:
            case JsonValueKind.Null:
                writer.WriteNullValue();
                return;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in value.EnumerateArray())
                {
                    WriteValue(writer, item, typeName, selections);
                }
                writer.WriteEndArray();
                return;
            case JsonValueKind.Object when selections.Count > 0:
                WriteObject(writer, value, typeName, selections);
                return;
            default:
                value.WriteTo(writer);
                return;
        }
    }

    private void WriteObject(Utf8JsonWriter writer, JsonElement value, string typeName, IReadOnlyList<FieldSelection> selections)
    {
        var concreteType = ConcreteType(value, typeName);
        writer.WriteStartObject();
        foreach (var selection in selections)
        {
            if (selection.TypeCondition is { } condition && !AppliesTo(condition, concreteType))
            {
                continue;
            }
            writer.WritePropertyName(selection.ResponseName);
            if (selection.FieldName == "__typename")
            {
                writer.WriteStringValue(concreteType);
                continue;
            }
            if (selection.Masked)
            {
                writer.WriteNullValue(); // on_deny = "mask"
                continue;
            }
            var field = schema.FindField(concreteType, selection.FieldName) ?? schema.FindField(typeName, selection.FieldName);
            var storageKey = field?.StorageKey ?? SnakeCase.Convert(selection.FieldName);
            var childType = field is null ? selection.FieldName : TypeRef.Parse(field.Type).NamedType;
            if (value.TryGetProperty(storageKey, out var child) || value.TryGetProperty(selection.FieldName, out child))
            {
                WriteValue(writer, child, childType, selection.Selections);
            }
            else
            {
                writer.WriteNullValue();
            }
        }
        writer.WriteEndObject();
    }

    private string ConcreteType(JsonElement value, string typeName)
    {
        if (schema.Objects.ContainsKey(typeName))
        {
            return typeName;
        }
        if (value.TryGetProperty("__typename", out var t) && t.ValueKind == JsonValueKind.String)
        {
            return t.GetString()!;
        }
        return schema.PossibleTypes(typeName).FirstOrDefault() ?? typeName;
    }

    private bool AppliesTo(string condition, string concreteType) =>
        condition == concreteType || schema.PossibleTypes(condition).Contains(concreteType, StringComparer.Ordinal);
}
