using System.Text;
using System.Text.Json;
using FraiseQL.Execution;
using FraiseQL.Schema;

namespace FraiseQL.Sql;

/// <summary>
/// Compiles a selection set into one SQL expression that builds exactly the selected JSON from a
/// view's <c>data</c> JSONB: keys are response names (aliases honoured), values read the field's
/// snake_case storage key, <c>-&gt;&gt;</c> for String/ID/UUID/enums (always a JSON string),
/// <c>-&gt;</c> for other scalars (JSON type kept), nested objects for objects and an aggregate
/// over <c>jsonb_array_elements</c> for lists of objects (null stays null, [] stays []).
/// <para>The result is JSON as <c>text</c>, written by <c>concat</c>:
/// <c>concat('{"id":', coalesce(to_json(data-&gt;&gt;'id'), 'null'), ',"total":', coalesce(data-&gt;'total', 'null'), '}')</c>.
/// Every value is a JSON, JSONB or text expression that is never SQL NULL (<see cref="Null"/> stands in),
/// so <c>concat</c> writes each with its type's output function, looked up once per statement.
/// FORMATS D §3.2 shows <c>jsonb_build_object</c>; neither it nor <c>json_build_object</c> is used because
/// both look up the type and output function of every argument, keys included, on every call, and
/// <c>jsonb</c> also re-sorts keys while a GraphQL response keeps the selection order. Measured with
/// callgrind (single-user PostgreSQL, instructions per execution) on the peer harness: list20 5.12 → 4.77
/// million (the view itself builds its JSONB in about 4.1 million), by_id 431 → 425 thousand; a chain of
/// <c>||</c> instead of <c>concat</c> ran list20 as fast but by_id slower (441 thousand: every operator and
/// cast is one more expression node to initialise per execution). The response is also compact
/// JSON (no <c>" : "</c>).</para>
/// </summary>
internal sealed class JsonbProjectionCompiler(SchemaIndex schema)
{
    /// <summary>JSON <c>null</c> for SQL NULL and for values that are absent or not of the expected JSON type.</summary>
    public const string Null = "'null'";

    /// <summary>PostgreSQL's limit on function arguments (FUNC_MAX_ARGS).</summary>
    private const int MaxConcatArguments = 100;

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

    /// <summary>
    /// Projection of an interface- or union-typed object: its concrete type is the text of
    /// <paramref name="discriminator"/> (the object's own <c>__typename</c> key; for a single object also the enclosing
    /// object's, as in a cascade entry <c>{__typename, id, entity}</c>), each possible type projected with the
    /// selections that apply to it. An object whose type is missing or not a possible type is JSON null, unless the
    /// abstract type has exactly one possible type.
    /// </summary>
    public string AbstractObject(string abstractType, IReadOnlyList<FieldSelection> selections, string source, string discriminator, ref int aliasCounter)
    {
        var possible = schema.PossibleTypes(abstractType).Order(StringComparer.Ordinal).ToList();
        if (possible.Count == 0)
        {
            return Null;
        }
        var sb = new StringBuilder("CASE ").Append(discriminator);
        foreach (var concrete in possible)
        {
            sb.Append(" WHEN ");
            SqlText.AppendLiteral(sb, concrete);
            sb.Append(" THEN ").Append(Object(concrete, selections, source, ref aliasCounter));
        }
        sb.Append(" ELSE ").Append(possible.Count == 1 ? Object(possible[0], selections, source, ref aliasCounter) : Null).Append(" END");
        return sb.ToString();
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

    /// <summary>
    /// <c>concat('{"k1":', v1, ',"k2":', v2, '}')</c> from response names and value expressions that are never
    /// SQL NULL (<see cref="FieldValue"/>, <see cref="JsonOf"/>).
    /// </summary>
    public static string BuildObject(IReadOnlyList<KeyValuePair<string, string>> pairs)
    {
        if (pairs.Count == 0)
        {
            return "'{}'";
        }
        var parts = new List<string>(pairs.Count * 2 + 1);
        for (var i = 0; i < pairs.Count; i++)
        {
            parts.Add(SqlText.Literal((i == 0 ? "{" : ",") + JsonString(pairs[i].Key) + ":"));
            parts.Add(pairs[i].Value);
        }
        parts.Add("'}'");
        return Concat(parts);
    }

    /// <summary><c>concat(p1, p2, …)</c>, nested when there are more parts than a function takes arguments (100).</summary>
    private static string Concat(List<string> parts)
    {
        while (parts.Count > MaxConcatArguments)
        {
            var grouped = new List<string>((parts.Count + MaxConcatArguments - 1) / MaxConcatArguments);
            for (var start = 0; start < parts.Count; start += MaxConcatArguments)
            {
                grouped.Add("concat(" + string.Join(", ", parts.Skip(start).Take(MaxConcatArguments)) + ")");
            }
            parts = grouped;
        }
        return "concat(" + string.Join(", ", parts) + ")";
    }

    /// <summary>JSON of any SQL value, <c>null</c> for NULL (the rules of <c>to_json</c>: text becomes a JSON string, JSON and JSONB stay as they are).</summary>
    public static string JsonOf(string expression) => "coalesce(to_json(" + expression + "), " + Null + ")";

    /// <summary>A JSONB expression, JSON <c>null</c> when it is SQL NULL (a missing key).</summary>
    private static string JsonbOrNull(string expression) => "coalesce(" + expression + ", " + Null + ")";

    /// <summary>A JSON string literal for <paramref name="value"/> (response names, type names and enum values are GraphQL names; escaped all the same).</summary>
    private static string JsonString(string value) => "\"" + JsonEncodedText.Encode(value).ToString() + "\"";

    /// <summary>SQL expression (JSON, JSONB or JSON text; never NULL) for one selected field of an object whose JSONB is <paramref name="source"/>.</summary>
    public string FieldValue(string typeName, FieldSelection selection, string source, ref int aliasCounter)
    {
        if (selection.FieldName == "__typename")
        {
            return SqlText.Literal(JsonString(typeName));
        }
        if (selection.Masked)
        {
            return Null; // on_deny = "mask": the caller may not read it
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
        var isAbstract = schema.Interfaces.ContainsKey(named) || schema.Unions.ContainsKey(named);
        var isComposite = isAbstract || schema.Objects.ContainsKey(named);
        var element = source + "->" + key;
        if (type.IsList)
        {
            var inner = type.OfType!.Nullable;
            if (!isComposite || inner.IsList)
            {
                return JsonbOrNull(element);
            }
            var alias = "e" + aliasCounter++.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var item = alias + ".v";
            var itemObject = isAbstract
                ? AbstractObject(named, selection.Selections, item, item + "->>'__typename'", ref aliasCounter)
                : Object(named, selection.Selections, item, ref aliasCounter);
            // No ORDER BY in the aggregate: the plan is always Aggregate ← Function Scan (no join, no filter, never
            // parallel), which feeds the elements in array order. An ORDER BY ordinality would sort every row's
            // array again: pgbench on the peer harness's list20, 3,071–3,099 tps with it, 3,494–3,551 without.
            // NestedListKeepsTheViewsArrayOrder checks the order on 400 elements.
            return $"CASE WHEN jsonb_typeof({element}) = 'array' THEN (SELECT concat('[', string_agg(CASE WHEN jsonb_typeof({item}) = 'object' THEN {itemObject} ELSE {Null} END, ','), ']') FROM jsonb_array_elements({element}) AS {alias}(v)) ELSE {Null} END";
        }
        if (isComposite)
        {
            var nested = isAbstract
                ? AbstractObject(named, selection.Selections, "(" + element + ")", $"coalesce({element}->>'__typename', {source}->>'__typename')", ref aliasCounter)
                : Object(named, selection.Selections, "(" + element + ")", ref aliasCounter);
            return $"CASE WHEN jsonb_typeof({element}) = 'object' THEN {nested} ELSE {Null} END";
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
                SqlText.AppendLiteral(sb, JsonString(value.Name));
            }
            sb.Append(" ELSE ").Append(JsonOf(source + "->>" + key)).Append(" END"); // json: the literals above are JSON strings
            return sb.ToString();
        }
        return ScalarKinds.ReadsAsText(kind) ? JsonOf(source + "->>" + key) : JsonbOrNull(element);
    }
}
