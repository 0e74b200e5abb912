using System.Text;
using FraiseQL.Execution;
using FraiseQL.Schema;

namespace FraiseQL.Sql;

/// <summary>
/// Compiles a selection set into one SQL expression that builds exactly the selected JSON from a
/// view's <c>data</c> JSONB: keys are response names (aliases honoured), values read the field's
/// snake_case storage key, <c>-&gt;&gt;</c> for String/ID/UUID/enums, <c>-&gt;</c> for other
/// scalars (JSON type kept), nested objects for objects and an aggregate over
/// <c>jsonb_array_elements</c> for lists of objects (null stays null, [] stays []).
/// <para>The builders are <c>json_build_object</c>/<c>json_agg</c> rather than the
/// <c>jsonb_</c> ones FORMATS D §3.2 shows: <c>jsonb</c> re-sorts object keys (shorter keys
/// first) while GraphQL responses keep the selection order, and <c>json</c> is built as text
/// without a re-parse. Wide selections (over 50 fields; PostgreSQL allows 100 arguments per
/// call) are split into several calls whose texts are spliced into one object.</para>
/// </summary>
internal sealed class JsonbProjectionCompiler(SchemaIndex schema)
{
    private const int PairsPerCall = 50;

    /// <summary>Projection of <paramref name="selections"/> over the JSONB expression <paramref name="source"/> of type <paramref name="typeName"/>.</summary>
    public string Object(string typeName, IReadOnlyList<FieldSelection> selections, string source, ref int aliasCounter)
    {
        var pairs = new List<KeyValuePair<string, string>>(selections.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var selection in selections)
        {
            if (!AppliesTo(selection.TypeCondition, typeName) || !seen.Add(selection.ResponseName))
            {
                continue;
            }
            pairs.Add(new(selection.ResponseName, FieldValue(typeName, selection, source, ref aliasCounter)));
        }
        return BuildObject(pairs);
    }

    /// <summary>Whether a field selected under <paramref name="typeCondition"/> belongs in an object of <paramref name="typeName"/>.</summary>
    public bool AppliesTo(string? typeCondition, string typeName)
    {
        if (typeCondition is null || typeCondition == typeName)
        {
            return true;
        }
        if (schema.Objects.TryGetValue(typeName, out var obj) && obj.Implements.Contains(typeCondition, StringComparer.Ordinal))
        {
            return true;
        }
        return schema.Unions.TryGetValue(typeCondition, out var union) && union.MemberTypes.Contains(typeName, StringComparer.Ordinal);
    }

    /// <summary><c>json_build_object(k1, v1, …)</c> (spliced from several calls when wide) from ready key/value SQL pairs.</summary>
    public static string BuildObject(IReadOnlyList<KeyValuePair<string, string>> pairs)
    {
        if (pairs.Count == 0)
        {
            return "json_build_object()";
        }
        var sb = new StringBuilder();
        var chunks = (pairs.Count + PairsPerCall - 1) / PairsPerCall;
        if (chunks > 1)
        {
            // '{"a":1}' + '{"b":2}' → '{"a":1,"b":2}': every chunk has at least one pair.
            sb.Append("(");
        }
        for (var start = 0; start < pairs.Count; start += PairsPerCall)
        {
            var chunk = start / PairsPerCall;
            if (chunks > 1)
            {
                sb.Append(chunk == 0 ? "left(" : " || ',' || ").Append(chunk == 0 ? "" : chunk == chunks - 1 ? "substr(" : "substr(left(");
            }
            sb.Append("json_build_object(");
            var end = Math.Min(pairs.Count, start + PairsPerCall);
            for (var i = start; i < end; i++)
            {
                if (i > start)
                {
                    sb.Append(", ");
                }
                SqlText.AppendLiteral(sb, pairs[i].Key);
                sb.Append(", ").Append(pairs[i].Value);
            }
            sb.Append(')');
            if (chunks > 1)
            {
                sb.Append(chunk == 0 ? "::text, -1)" : chunk == chunks - 1 ? "::text, 2)" : "::text, -1), 2)");
            }
        }
        if (chunks > 1)
        {
            sb.Append(")::json");
        }
        return sb.ToString();
    }

    /// <summary>SQL expression for one selected field of an object whose JSONB is <paramref name="source"/>.</summary>
    public string FieldValue(string typeName, FieldSelection selection, string source, ref int aliasCounter)
    {
        if (selection.FieldName == "__typename")
        {
            return SqlText.Literal(typeName) + "::text";
        }
        if (selection.Masked)
        {
            return "NULL::json"; // on_deny = "mask": the caller may not read it
        }
        var field = schema.FindField(typeName, selection.FieldName)
            ?? throw SqlErrors.Create(selection, $"Type '{typeName}' has no field '{selection.FieldName}'.", "GRAPHQL_VALIDATION_FAILED");
        var type = TypeRef.Parse(field.Type).Nullable;
        var key = SqlText.Literal(field.StorageKey);
        return Value(type, selection, source, key, ref aliasCounter);
    }

    private string Value(TypeRef type, FieldSelection selection, string source, string key, ref int aliasCounter)
    {
        var named = type.NamedType;
        var isComposite = schema.Objects.ContainsKey(named) || schema.Interfaces.ContainsKey(named) || schema.Unions.ContainsKey(named);
        var element = source + "->" + key;
        if (type.IsList)
        {
            var inner = type.OfType!.Nullable;
            if (!isComposite || inner.IsList)
            {
                return element;
            }
            var alias = "e" + aliasCounter++.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var item = alias + ".v";
            var itemObject = Object(named, selection.Selections, item, ref aliasCounter);
            // No ORDER BY in the aggregate: the plan is always Aggregate ← Function Scan (no join, no filter, never
            // parallel), which feeds the elements in array order. An ORDER BY ordinality would sort every row's
            // array again: pgbench on the peer harness's list20, 3,071–3,099 tps with it, 3,494–3,551 without.
            // NestedListKeepsTheViewsArrayOrder checks the order on 400 elements.
            return $"CASE WHEN jsonb_typeof({element}) = 'array' THEN (SELECT coalesce(json_agg(CASE WHEN jsonb_typeof({item}) = 'object' THEN {itemObject} END), '[]'::json) FROM jsonb_array_elements({element}) AS {alias}(v)) END";
        }
        if (isComposite)
        {
            var nested = Object(named, selection.Selections, "(" + element + ")", ref aliasCounter);
            return $"CASE WHEN jsonb_typeof({element}) = 'object' THEN {nested} END";
        }
        var kind = ScalarKinds.Of(schema, named);
        if (kind == ScalarKind.Enum && schema.Enums.TryGetValue(named, out var enumType) && enumType.Values.Any(v => v.StorageValue != v.Name))
        {
            var sb = new StringBuilder("CASE ").Append(source).Append("->>").Append(key);
            foreach (var value in enumType.Values)
            {
                sb.Append(" WHEN ");
                SqlText.AppendLiteral(sb, value.StorageValue);
                sb.Append(" THEN ");
                SqlText.AppendLiteral(sb, value.Name);
            }
            sb.Append(" ELSE ").Append(source).Append("->>").Append(key).Append(" END");
            return sb.ToString();
        }
        return ScalarKinds.ReadsAsText(kind) ? source + "->>" + key : element;
    }
}
