using System.Text.Json;
using FraiseQL.Validation;
using GraphQLParser.AST;

namespace FraiseQL.GraphQL;

/// <summary>Spec §6.1.2 CoerceVariableValues: the request's JSON variables against the operation's definitions.</summary>
internal static class VariableCoercer
{
    /// <summary>Returns name → coerced value for provided variables and those with defaults; throws <see cref="InputCoercionException"/>.</summary>
    public static Dictionary<string, object?> Coerce(InputCoercer coercer, GraphQLOperationDefinition operation, JsonElement? variables)
    {
        if (!IsObjectOrAbsent(variables))
        {
            throw new InputCoercionException("\"variables\" must be a JSON object (or null).");
        }
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var def in operation.Variables?.Items ?? [])
        {
            var name = def.Variable.Name.StringValue;
            var type = TypeRefs.FromAst(def.Type);
            if (variables is { ValueKind: JsonValueKind.Object } obj && obj.TryGetProperty(name, out var provided))
            {
                if (provided.ValueKind == JsonValueKind.Null && type.IsNonNull)
                {
                    throw new InputCoercionException($"Variable \"${name}\" of non-null type \"{type}\" must not be null.", def);
                }
                try
                {
                    result[name] = coercer.FromJson(provided, type, name);
                }
                catch (InputCoercionException ex)
                {
                    throw new InputCoercionException($"Variable \"${name}\" got invalid value {Truncate(provided.GetRawText())}; {ex.Message}", def);
                }
            }
            else if (def.DefaultValue is not null)
            {
                result[name] = coercer.FromLiteral(def.DefaultValue, type, (v, _, _) => throw new InputCoercionException("Default values cannot reference variables.", v));
            }
            else if (type.IsNonNull)
            {
                throw new InputCoercionException($"Variable \"${name}\" of required type \"{type}\" was not provided.", def);
            }
        }
        return result;
    }

    /// <summary>Whether the request's "variables" has an acceptable shape: a JSON object, null or absent.</summary>
    public static bool IsObjectOrAbsent(JsonElement? variables) =>
        variables is not { ValueKind: not (JsonValueKind.Object or JsonValueKind.Null or JsonValueKind.Undefined) };

    private static string Truncate(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
