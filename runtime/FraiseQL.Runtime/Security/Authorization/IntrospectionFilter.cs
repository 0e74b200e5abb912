using System.Buffers;
using System.Collections.Concurrent;
using System.Text.Json;
using FraiseQL.Execution;
using FraiseQL.Schema;

namespace FraiseQL.Runtime.Security.Authorization;

/// <summary>
/// Produces the introspection document (<see cref="SchemaDescriptor.IntrospectionJson"/>) as a given caller may see it:
/// root operations whose <c>requires_role</c> (or return type's) the caller lacks are removed, and so are fields whose
/// <c>requires_scope</c> the caller lacks with <c>on_deny = "reject"</c> (masked fields stay: they resolve to null).
/// Results are cached per distinct role-and-scope set.
/// </summary>
public sealed class IntrospectionFilter(SchemaIndex schema)
{
    private readonly OperationAuthorizer _authorizer = new(schema);
    private readonly ConcurrentDictionary<string, byte[]> _cache = new(StringComparer.Ordinal);

    /// <summary>UTF-8 JSON of the introspection result, filtered for <paramref name="context"/>.</summary>
    public ReadOnlyMemory<byte> For(RequestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var key = string.Join(',', context.Roles.Order(StringComparer.Ordinal)) + "|" + string.Join(',', context.Scopes.Order(StringComparer.Ordinal));
        return _cache.GetOrAdd(key, static (_, state) => state.filter.Build(state.context), (filter: this, context));
    }

    /// <summary>Number of distinct caller views built so far.</summary>
    public int CachedViews => _cache.Count;

    private byte[] Build(RequestContext context)
    {
        using var document = JsonDocument.Parse(schema.Schema.IntrospectionJson);
        var buffer = new ArrayBufferWriter<byte>(schema.Schema.IntrospectionJson.Length);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("__schema", out var schemaElement))
            {
                writer.WriteStartObject();
                foreach (var property in root.EnumerateObject())
                {
                    writer.WritePropertyName(property.Name);
                    if (property.NameEquals("__schema"))
                    {
                        WriteSchema(writer, schemaElement, context);
                    }
                    else
                    {
                        property.Value.WriteTo(writer);
                    }
                }
                writer.WriteEndObject();
            }
            else
            {
                WriteSchema(writer, root, context);
            }
        }
        return buffer.WrittenSpan.ToArray();
    }

    private void WriteSchema(Utf8JsonWriter writer, JsonElement schemaElement, RequestContext context)
    {
        var roots = new Dictionary<string, OperationKind>(StringComparer.Ordinal);
        AddRoot(schemaElement, "queryType", OperationKind.Query, roots);
        AddRoot(schemaElement, "mutationType", OperationKind.Mutation, roots);
        AddRoot(schemaElement, "subscriptionType", OperationKind.Subscription, roots);

        writer.WriteStartObject();
        foreach (var property in schemaElement.EnumerateObject())
        {
            writer.WritePropertyName(property.Name);
            if (property.NameEquals("types") && property.Value.ValueKind == JsonValueKind.Array)
            {
                writer.WriteStartArray();
                foreach (var type in property.Value.EnumerateArray())
                {
                    WriteType(writer, type, roots, context);
                }
                writer.WriteEndArray();
            }
            else
            {
                property.Value.WriteTo(writer);
            }
        }
        writer.WriteEndObject();
    }

    private static void AddRoot(JsonElement schemaElement, string property, OperationKind kind, Dictionary<string, OperationKind> roots)
    {
        if (schemaElement.TryGetProperty(property, out var type) && type.ValueKind == JsonValueKind.Object
            && type.TryGetProperty("name", out var name) && name.GetString() is { } typeName)
        {
            roots[typeName] = kind;
        }
    }

    private void WriteType(Utf8JsonWriter writer, JsonElement type, Dictionary<string, OperationKind> roots, RequestContext context)
    {
        var typeName = type.TryGetProperty("name", out var nameElement) ? nameElement.GetString() : null;
        if (typeName is null || !type.TryGetProperty("fields", out var fields) || fields.ValueKind != JsonValueKind.Array)
        {
            type.WriteTo(writer);
            return;
        }
        writer.WriteStartObject();
        foreach (var property in type.EnumerateObject())
        {
            writer.WritePropertyName(property.Name);
            if (!property.NameEquals("fields"))
            {
                property.Value.WriteTo(writer);
                continue;
            }
            writer.WriteStartArray();
            foreach (var field in fields.EnumerateArray())
            {
                var fieldName = field.TryGetProperty("name", out var n) ? n.GetString() : null;
                if (fieldName is null || Visible(typeName, fieldName, roots, context))
                {
                    field.WriteTo(writer);
                }
            }
            writer.WriteEndArray();
        }
        writer.WriteEndObject();
    }

    private bool Visible(string typeName, string fieldName, Dictionary<string, OperationKind> roots, RequestContext context)
    {
        if (roots.TryGetValue(typeName, out var kind))
        {
            return _authorizer.CanSeeOperation(kind, fieldName, context);
        }
        var field = schema.FindField(typeName, fieldName);
        return field?.RequiresScope is not { } scope
            || string.Equals(field.OnDeny, "mask", StringComparison.OrdinalIgnoreCase)
            || ScopeMatcher.Grants(context.Scopes, scope);
    }
}
