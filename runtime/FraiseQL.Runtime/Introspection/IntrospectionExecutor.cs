using System.Text;
using System.Text.Json;
using FraiseQL.Execution;
using FraiseQL.GraphQL;
using FraiseQL.Schema;

namespace FraiseQL.Introspection;

/// <summary>
/// Answers <c>__schema</c> and <c>__type(name:)</c> (spec §4.5) over the <see cref="ExecutableSchema"/>,
/// the same model validation uses, writing the selected fields with a <see cref="Utf8JsonWriter"/>.
/// Honours <c>includeDeprecated</c> on fields, args, enum values and input fields. When
/// <paramref name="isFieldVisible"/> is given (type name, field), fields it rejects are left out of
/// <c>fields</c>, so a caller does not discover operations or fields it may not use.
/// </summary>
public sealed partial class IntrospectionExecutor(ExecutableSchema schema, Func<string, SchemaField, bool>? isFieldVisible = null)
{
    private static readonly string[] SpecScalars = ["String", "Int", "Float", "Boolean", "ID"];
    private HashSet<string>? _visibleTypes;
    private bool _visibleTypesComputed;

    /// <summary>Writes the value of a root <c>__schema</c> or <c>__type</c> field.</summary>
    public void WriteRootField(Utf8JsonWriter writer, FieldSelection field)
    {
        switch (field.FieldName)
        {
            case "__schema":
                WriteSchema(writer, field.Selections);
                break;
            case "__type":
                var name = field.Arguments.TryGetValue("name", out var n) ? n as string : null;
                var type = name is null ? null : schema.FindType(name);
                if (type is null || !IsTypeVisible(type))
                {
                    writer.WriteNullValue();
                }
                else
                {
                    WriteType(writer, new TypeValue(null, type), field.Selections);
                }
                break;
            default:
                throw new ArgumentException($"Not an introspection root field: {field.FieldName}", nameof(field));
        }
    }

    /// <summary>A <c>__Type</c>: a wrapper (list / non-null) or a named type.</summary>
    private readonly record struct TypeValue(TypeRef? Wrapper, SchemaType? Named);

    private TypeValue Of(TypeRef type) =>
        type.IsList || type.IsNonNull ? new TypeValue(type, null) : new TypeValue(null, schema.Types[type.Name!]);

    private void WriteSchema(Utf8JsonWriter w, IReadOnlyList<FieldSelection> selections)
    {
        w.WriteStartObject();
        foreach (var s in selections)
        {
            w.WritePropertyName(s.ResponseName);
            switch (s.FieldName)
            {
                case "__typename": w.WriteStringValue("__Schema"); break;
                case "description": w.WriteNullValue(); break;
                case "types":
                    w.WriteStartArray();
                    foreach (var t in schema.TypeList)
                    {
                        if (IsTypeVisible(t))
                        {
                            WriteType(w, new TypeValue(null, t), s.Selections);
                        }
                    }
                    w.WriteEndArray();
                    break;
                case "queryType": WriteType(w, new TypeValue(null, schema.QueryType), s.Selections); break;
                case "mutationType": WriteOptionalType(w, schema.MutationType is { } m && IsTypeVisible(m) ? m : null, s.Selections); break;
                case "subscriptionType": WriteOptionalType(w, schema.SubscriptionType is { } u && IsTypeVisible(u) ? u : null, s.Selections); break;
                case "directives":
                    w.WriteStartArray();
                    foreach (var d in schema.DirectiveList)
                    {
                        WriteDirective(w, d, s.Selections);
                    }
                    w.WriteEndArray();
                    break;
                default: w.WriteNullValue(); break;
            }
        }
        w.WriteEndObject();
    }

    /// <summary>
    /// With a visibility filter, a type is listed only when the caller can reach it: from the root types through
    /// visible fields, their arguments, input fields, interfaces and possible types (plus the spec scalars, the
    /// introspection types and what directives use). A type only a hidden operation uses is not listed, and
    /// <c>__type(name:)</c> answers null for it, as for a type that does not exist. A caller from whom nothing is
    /// hidden sees every type, used or not.
    /// </summary>
    private bool IsTypeVisible(SchemaType type)
    {
        if (isFieldVisible is null)
        {
            return true;
        }
        if (!_visibleTypesComputed)
        {
            _visibleTypes = ReachableTypes(isFieldVisible);
            _visibleTypesComputed = true;
        }
        return _visibleTypes is null || _visibleTypes.Contains(type.Name);
    }

    /// <summary>The types the caller can reach, or null when no field is hidden from the caller.</summary>
    private HashSet<string>? ReachableTypes(Func<string, SchemaField, bool> visible)
    {
        var hidden = false;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<SchemaType>();
        void Add(string name)
        {
            if (schema.FindType(name) is { } type && seen.Add(name))
            {
                queue.Enqueue(type);
            }
        }
        foreach (var name in SpecScalars)
        {
            Add(name);
        }
        foreach (var type in schema.TypeList)
        {
            if (type.IsIntrospection)
            {
                Add(type.Name);
            }
        }
        foreach (var directive in schema.DirectiveList)
        {
            foreach (var argument in directive.ArgumentList)
            {
                Add(argument.Type.NamedType);
            }
        }
        Add(schema.QueryType.Name);
        // A mutation or subscription root with no field the caller may see is left out, and mutationType /
        // subscriptionType answer null: an object type without fields is not a valid GraphQL schema (GraphiQL and code
        // generators refuse it).
        foreach (var root in (ReadOnlySpan<SchemaType?>)[schema.MutationType, schema.SubscriptionType])
        {
            if (root is null)
            {
                continue;
            }
            if (root.FieldList.Any(f => visible(root.Name, f)))
            {
                Add(root.Name);
            }
            else
            {
                hidden = true;
            }
        }
        while (queue.TryDequeue(out var type))
        {
            foreach (var field in type.FieldList)
            {
                if (!type.IsIntrospection && !visible(type.Name, field))
                {
                    hidden = true;
                    continue;
                }
                Add(field.Type.NamedType);
                foreach (var argument in field.ArgumentList)
                {
                    Add(argument.Type.NamedType);
                }
            }
            foreach (var input in type.InputFieldList)
            {
                Add(input.Type.NamedType);
            }
            foreach (var name in type.Interfaces)
            {
                Add(name);
            }
            foreach (var name in type.PossibleTypes)
            {
                Add(name);
            }
        }
        return hidden ? seen : null;
    }

    private void WriteOptionalType(Utf8JsonWriter w, SchemaType? type, IReadOnlyList<FieldSelection> selections)
    {
        if (type is null)
        {
            w.WriteNullValue();
        }
        else
        {
            WriteType(w, new TypeValue(null, type), selections);
        }
    }

    private void WriteType(Utf8JsonWriter w, TypeValue t, IReadOnlyList<FieldSelection> selections)
    {
        w.WriteStartObject();
        var named = t.Named;
        foreach (var s in selections)
        {
            w.WritePropertyName(s.ResponseName);
            var includeDeprecated = s.Arguments.TryGetValue("includeDeprecated", out var inc) && inc is true;
            switch (s.FieldName)
            {
                case "__typename": w.WriteStringValue("__Type"); break;
                case "kind":
                    w.WriteStringValue(t.Wrapper is { IsNonNull: true } ? "NON_NULL" : t.Wrapper is { IsList: true } ? "LIST" : KindName(named!.Kind));
                    break;
                case "name": WriteNullableString(w, named?.Name); break;
                case "description": WriteNullableString(w, named?.Description); break;
                case "specifiedByURL": WriteNullableString(w, named?.SpecifiedByUrl); break;
                case "isOneOf":
                    if (named?.Kind == SchemaTypeKind.InputObject)
                    {
                        w.WriteBooleanValue(false);
                    }
                    else
                    {
                        w.WriteNullValue();
                    }
                    break;
                case "fields":
                    if (named is { Kind: SchemaTypeKind.Object or SchemaTypeKind.Interface })
                    {
                        w.WriteStartArray();
                        foreach (var f in named.FieldList)
                        {
                            if ((includeDeprecated || f.DeprecationReason is null) && (isFieldVisible is null || isFieldVisible(named.Name, f)))
                            {
                                WriteField(w, f, s.Selections);
                            }
                        }
                        w.WriteEndArray();
                    }
                    else
                    {
                        w.WriteNullValue();
                    }
                    break;
                case "interfaces":
                    if (named is { Kind: SchemaTypeKind.Object or SchemaTypeKind.Interface })
                    {
                        w.WriteStartArray();
                        foreach (var i in named.Interfaces)
                        {
                            if (schema.FindType(i) is { } it)
                            {
                                WriteType(w, new TypeValue(null, it), s.Selections);
                            }
                        }
                        w.WriteEndArray();
                    }
                    else
                    {
                        w.WriteNullValue();
                    }
                    break;
                case "possibleTypes":
                    if (named is { IsAbstract: true })
                    {
                        w.WriteStartArray();
                        foreach (var p in named.PossibleTypes)
                        {
                            if (schema.FindType(p) is { } pt)
                            {
                                WriteType(w, new TypeValue(null, pt), s.Selections);
                            }
                        }
                        w.WriteEndArray();
                    }
                    else
                    {
                        w.WriteNullValue();
                    }
                    break;
                case "enumValues":
                    if (named is { Kind: SchemaTypeKind.Enum })
                    {
                        w.WriteStartArray();
                        foreach (var v in named.EnumValues)
                        {
                            if (includeDeprecated || v.DeprecationReason is null)
                            {
                                WriteEnumValue(w, v, s.Selections);
                            }
                        }
                        w.WriteEndArray();
                    }
                    else
                    {
                        w.WriteNullValue();
                    }
                    break;
                case "inputFields":
                    if (named is { Kind: SchemaTypeKind.InputObject })
                    {
                        WriteInputValues(w, named.InputFieldList, includeDeprecated, s.Selections);
                    }
                    else
                    {
                        w.WriteNullValue();
                    }
                    break;
                case "ofType":
                    if (t.Wrapper is not null)
                    {
                        WriteType(w, Of(t.Wrapper.OfType!), s.Selections);
                    }
                    else
                    {
                        w.WriteNullValue();
                    }
                    break;
                default: w.WriteNullValue(); break;
            }
        }
        w.WriteEndObject();
    }

    private void WriteField(Utf8JsonWriter w, SchemaField f, IReadOnlyList<FieldSelection> selections)
    {
        w.WriteStartObject();
        foreach (var s in selections)
        {
            w.WritePropertyName(s.ResponseName);
            switch (s.FieldName)
            {
                case "__typename": w.WriteStringValue("__Field"); break;
                case "name": w.WriteStringValue(f.Name); break;
                case "description": WriteNullableString(w, f.Description); break;
                case "args":
                    WriteInputValues(w, f.ArgumentList, s.Arguments.TryGetValue("includeDeprecated", out var inc) && inc is true, s.Selections);
                    break;
                case "type": WriteType(w, Of(f.Type), s.Selections); break;
                case "isDeprecated": w.WriteBooleanValue(f.DeprecationReason is not null); break;
                case "deprecationReason": WriteNullableString(w, f.DeprecationReason); break;
                default: w.WriteNullValue(); break;
            }
        }
        w.WriteEndObject();
    }

    private void WriteInputValues(Utf8JsonWriter w, IReadOnlyList<SchemaInputValue> values, bool includeDeprecated, IReadOnlyList<FieldSelection> selections)
    {
        w.WriteStartArray();
        foreach (var v in values)
        {
            if (!includeDeprecated && v.DeprecationReason is not null)
            {
                continue;
            }
            w.WriteStartObject();
            foreach (var s in selections)
            {
                w.WritePropertyName(s.ResponseName);
                switch (s.FieldName)
                {
                    case "__typename": w.WriteStringValue("__InputValue"); break;
                    case "name": w.WriteStringValue(v.Name); break;
                    case "description": WriteNullableString(w, v.Description); break;
                    case "type": WriteType(w, Of(v.Type), s.Selections); break;
                    case "defaultValue": WriteNullableString(w, v.DefaultValueJson is null ? null : DefaultValueText(v.DefaultValueJson, v.Type)); break;
                    case "isDeprecated": w.WriteBooleanValue(v.DeprecationReason is not null); break;
                    case "deprecationReason": WriteNullableString(w, v.DeprecationReason); break;
                    default: w.WriteNullValue(); break;
                }
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void WriteEnumValue(Utf8JsonWriter w, SchemaEnumValue v, IReadOnlyList<FieldSelection> selections)
    {
        w.WriteStartObject();
        foreach (var s in selections)
        {
            w.WritePropertyName(s.ResponseName);
            switch (s.FieldName)
            {
                case "__typename": w.WriteStringValue("__EnumValue"); break;
                case "name": w.WriteStringValue(v.Name); break;
                case "description": WriteNullableString(w, v.Description); break;
                case "isDeprecated": w.WriteBooleanValue(v.DeprecationReason is not null); break;
                case "deprecationReason": WriteNullableString(w, v.DeprecationReason); break;
                default: w.WriteNullValue(); break;
            }
        }
        w.WriteEndObject();
    }

    private void WriteDirective(Utf8JsonWriter w, SchemaDirective d, IReadOnlyList<FieldSelection> selections)
    {
        w.WriteStartObject();
        foreach (var s in selections)
        {
            w.WritePropertyName(s.ResponseName);
            switch (s.FieldName)
            {
                case "__typename": w.WriteStringValue("__Directive"); break;
                case "name": w.WriteStringValue(d.Name); break;
                case "description": WriteNullableString(w, d.Description); break;
                case "isRepeatable": w.WriteBooleanValue(d.IsRepeatable); break;
                case "locations":
                    w.WriteStartArray();
                    foreach (var l in d.Locations)
                    {
                        w.WriteStringValue(l);
                    }
                    w.WriteEndArray();
                    break;
                case "args":
                    WriteInputValues(w, d.ArgumentList, s.Arguments.TryGetValue("includeDeprecated", out var inc) && inc is true, s.Selections);
                    break;
                default: w.WriteNullValue(); break;
            }
        }
        w.WriteEndObject();
    }

    private static void WriteNullableString(Utf8JsonWriter w, string? value)
    {
        if (value is null)
        {
            w.WriteNullValue();
        }
        else
        {
            w.WriteStringValue(value);
        }
    }

    private static string KindName(SchemaTypeKind kind) => kind switch
    {
        SchemaTypeKind.Scalar => "SCALAR",
        SchemaTypeKind.Object => "OBJECT",
        SchemaTypeKind.Interface => "INTERFACE",
        SchemaTypeKind.Union => "UNION",
        SchemaTypeKind.Enum => "ENUM",
        _ => "INPUT_OBJECT",
    };

    /// <summary>A JSON default value printed as a GraphQL literal (enum values bare, object keys unquoted).</summary>
    private string DefaultValueText(string json, TypeRef type)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            var sb = new StringBuilder();
            AppendLiteral(sb, doc.RootElement, type);
            return sb.ToString();
        }
        catch (JsonException)
        {
            return json;
        }
    }

    private void AppendLiteral(StringBuilder sb, JsonElement value, TypeRef type)
    {
        var inner = type.IsNonNull ? type.OfType! : type;
        switch (value.ValueKind)
        {
            case JsonValueKind.Array:
                var itemType = inner.IsList ? inner.OfType! : inner;
                sb.Append('[');
                var first = true;
                foreach (var item in value.EnumerateArray())
                {
                    if (!first)
                    {
                        sb.Append(", ");
                    }
                    first = false;
                    AppendLiteral(sb, item, itemType);
                }
                sb.Append(']');
                break;
            case JsonValueKind.Object:
                var named = inner.IsList ? null : schema.FindType(inner.Name!);
                sb.Append('{');
                var firstField = true;
                foreach (var p in value.EnumerateObject())
                {
                    if (!firstField)
                    {
                        sb.Append(", ");
                    }
                    firstField = false;
                    sb.Append(p.Name).Append(": ");
                    var fieldType = named is not null && named.InputFields.TryGetValue(p.Name, out var f) ? f.Type : TypeRef.Named("JSON");
                    AppendLiteral(sb, p.Value, fieldType);
                }
                sb.Append('}');
                break;
            case JsonValueKind.String:
                var enumType = inner.IsList ? null : schema.FindType(inner.Name!);
                if (enumType is { Kind: SchemaTypeKind.Enum })
                {
                    var text = value.GetString()!;
                    var match = enumType.EnumValues.FirstOrDefault(e => e.Name == text || e.StorageValue == text);
                    sb.Append(match?.Name ?? text);
                }
                else
                {
                    ValuePrinter.AppendString(sb, value.GetString());
                }
                break;
            default:
                sb.Append(value.GetRawText());
                break;
        }
    }
}
