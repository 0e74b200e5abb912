using System.Text.Json;
using FraiseQL.Schema;
using GraphQLParser.AST;

namespace FraiseQL.GraphQL;

/// <summary>
/// Resolves a variable reference met inside a literal. Returns the coerced variable value,
/// <see cref="InputCoercer.Absent"/> when the variable was not provided and has no default, or
/// <see cref="InputCoercer.Unresolved"/> during validation (no values yet).
/// </summary>
internal delegate object? VariableResolver(GraphQLVariable variable, TypeRef locationType, bool locationHasDefault);

/// <summary>
/// GraphQL input coercion (spec §3.5 / §5.6 / §6.4.2) over the <see cref="ExecutableSchema"/>:
/// literals, JSON variables and JSON default values become the contract's value model; enums become
/// their storage value; input object defaults are applied. Errors throw <see cref="InputCoercionException"/>.
/// </summary>
internal sealed class InputCoercer(ExecutableSchema schema)
{
    /// <summary>Marker: the variable was not provided and has no default (the argument or field is absent).</summary>
    public static readonly object Absent = new();

    /// <summary>Marker: validation-time placeholder for a variable whose value is unknown.</summary>
    public static readonly object Unresolved = new();

    public ExecutableSchema Schema { get; } = schema;

    public object? FromLiteral(GraphQLValue value, TypeRef type, VariableResolver resolve, bool locationHasDefault = false)
    {
        if (value is GraphQLVariable variable)
        {
            return resolve(variable, type, locationHasDefault);
        }
        if (type.IsNonNull)
        {
            if (value is GraphQLNullValue)
            {
                throw new InputCoercionException($"Expected value of non-null type \"{type}\", found null.", value);
            }
            return FromLiteral(value, type.OfType!, resolve);
        }
        if (value is GraphQLNullValue)
        {
            return null;
        }
        if (type.IsList)
        {
            if (value is GraphQLListValue list)
            {
                var result = new List<object?>(list.Values?.Count ?? 0);
                foreach (var item in list.Values ?? [])
                {
                    var v = FromLiteral(item, type.OfType!, resolve);
                    result.Add(ReferenceEquals(v, Absent) ? null : v);
                }
                return result;
            }
            var single = FromLiteral(value, type.OfType!, resolve);
            return ReferenceEquals(single, Unresolved) ? Unresolved : new List<object?> { ReferenceEquals(single, Absent) ? null : single };
        }
        var named = Schema.Types[type.Name!];
        switch (named.Kind)
        {
            case SchemaTypeKind.Enum:
                if (value is GraphQLEnumValue e && named.EnumValuesByName.TryGetValue(e.Name.StringValue, out var ev))
                {
                    return ev.StorageValue;
                }
                throw new InputCoercionException(
                    value is GraphQLEnumValue bad
                        ? $"Value \"{bad.Name.StringValue}\" does not exist in \"{named.Name}\" enum (expected one of {string.Join(", ", named.EnumValues.Select(x => x.Name))})."
                        : $"Enum \"{named.Name}\" cannot represent non-enum value: {ValuePrinter.Print(value)} (expected one of {string.Join(", ", named.EnumValues.Select(x => x.Name))}).",
                    value);
            case SchemaTypeKind.InputObject:
                if (value is not GraphQLObjectValue obj)
                {
                    throw new InputCoercionException($"Expected value of type \"{named.Name}\", found {ValuePrinter.Print(value)}; an input object {{ ... }} is required.", value);
                }
                return InputObjectFromLiteral(named, obj, resolve);
            case SchemaTypeKind.Scalar:
                return ScalarCoercion.FromLiteral(named.ScalarBase ?? named.Name, value);
            default:
                throw new InputCoercionException($"Type \"{named.Name}\" is not an input type.", value);
        }
    }

    private Dictionary<string, object?> InputObjectFromLiteral(SchemaType type, GraphQLObjectValue obj, VariableResolver resolve)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var field in obj.Fields ?? [])
        {
            var name = field.Name.StringValue;
            if (!seen.Add(name))
            {
                throw new InputCoercionException($"There can be only one input field named \"{name}\".", field);
            }
            if (!type.InputFields.TryGetValue(name, out var def))
            {
                throw new InputCoercionException(
                    $"Field \"{name}\" is not defined by type \"{type.Name}\" (fields: {string.Join(", ", type.InputFieldList.Select(f => f.Name))}).", field);
            }
            var v = FromLiteral(field.Value, def.Type, resolve, def.DefaultValueJson is not null);
            if (ReferenceEquals(v, Absent))
            {
                continue;
            }
            result[name] = v;
        }
        ApplyInputDefaults(type, result, obj);
        return result;
    }

    private void ApplyInputDefaults(SchemaType type, Dictionary<string, object?> result, ASTNode? node)
    {
        foreach (var def in type.InputFieldList)
        {
            if (result.ContainsKey(def.Name))
            {
                if (def.Type.IsNonNull && result[def.Name] is null)
                {
                    throw new InputCoercionException($"Field \"{type.Name}.{def.Name}\" of required type \"{def.Type}\" cannot be null.", node);
                }
                continue;
            }
            if (def.DefaultValueJson is not null)
            {
                result[def.Name] = FromDefaultJson(def.DefaultValueJson, def.Type);
            }
            else if (def.Type.IsNonNull)
            {
                throw new InputCoercionException($"Field \"{type.Name}.{def.Name}\" of required type \"{def.Type}\" was not provided.", node);
            }
        }
    }

    public object? FromDefaultJson(string json, TypeRef type)
    {
        using var doc = JsonDocument.Parse(json);
        return FromJson(doc.RootElement, type, "default value");
    }

    /// <summary>Coerces a JSON (variables) value; <paramref name="path"/> is used in messages (e.g. <c>input.items[0].qty</c>).</summary>
    public object? FromJson(JsonElement value, TypeRef type, string path)
    {
        if (type.IsNonNull)
        {
            if (value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
            {
                throw new InputCoercionException($"at \"{path}\": expected non-nullable type \"{type}\" not to be null.");
            }
            return FromJson(value, type.OfType!, path);
        }
        if (value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return null;
        }
        if (type.IsList)
        {
            if (value.ValueKind == JsonValueKind.Array)
            {
                var list = new List<object?>(value.GetArrayLength());
                var i = 0;
                foreach (var item in value.EnumerateArray())
                {
                    list.Add(FromJson(item, type.OfType!, $"{path}[{i}]"));
                    i++;
                }
                return list;
            }
            return new List<object?> { FromJson(value, type.OfType!, path) };
        }
        var named = Schema.Types[type.Name!];
        switch (named.Kind)
        {
            case SchemaTypeKind.Enum:
                if (value.ValueKind == JsonValueKind.String && named.EnumValuesByName.TryGetValue(value.GetString()!, out var ev))
                {
                    return ev.StorageValue;
                }
                throw new InputCoercionException(
                    $"at \"{path}\": value {value.GetRawText()} does not exist in \"{named.Name}\" enum (expected one of {string.Join(", ", named.EnumValues.Select(x => x.Name))}).");
            case SchemaTypeKind.InputObject:
                if (value.ValueKind != JsonValueKind.Object)
                {
                    throw new InputCoercionException($"at \"{path}\": expected type \"{named.Name}\" to be an object, got {value.GetRawText()}.");
                }
                var result = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var p in value.EnumerateObject())
                {
                    if (!named.InputFields.TryGetValue(p.Name, out var def))
                    {
                        throw new InputCoercionException(
                            $"at \"{path}\": field \"{p.Name}\" is not defined by type \"{named.Name}\" (fields: {string.Join(", ", named.InputFieldList.Select(f => f.Name))}).");
                    }
                    result[p.Name] = FromJson(p.Value, def.Type, path + "." + p.Name);
                }
                try
                {
                    ApplyInputDefaults(named, result, null);
                }
                catch (InputCoercionException ex)
                {
                    throw new InputCoercionException($"at \"{path}\": {ex.Message}");
                }
                return result;
            case SchemaTypeKind.Scalar:
                try
                {
                    return ScalarCoercion.FromJson(named.ScalarBase ?? named.Name, value);
                }
                catch (InputCoercionException ex)
                {
                    throw new InputCoercionException($"at \"{path}\": {ex.Message}");
                }
            default:
                throw new InputCoercionException($"at \"{path}\": type \"{named.Name}\" is not an input type.");
        }
    }
}
