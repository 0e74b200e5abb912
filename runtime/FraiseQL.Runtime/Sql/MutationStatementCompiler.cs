using System.Globalization;
using System.Text;
using FraiseQL.Execution;
using FraiseQL.Schema;

namespace FraiseQL.Sql;

/// <summary>
/// Compiles a mutation call into one statement that calls the function and projects its result
/// entity with the query projection compiler:
/// <code>SELECT to_jsonb(r)::text, (&lt;projection over r."entity"&gt;) FROM "fn_create_order"($1, $2) r</code>
/// (the whole row as JSON, so either mutation_response shape and any column types read the same way).
/// Root fields named <c>updatedFields</c> and <c>cascade</c> are read from the response's
/// <c>updated_fields</c> / <c>cascade</c> columns; a typed <c>cascade</c> (<c>CascadeUpdates</c>) is projected to its
/// selection, its entities by their <c>__typename</c>. When the success type has an <c>entity</c>
/// field (the <c>…Payload {entity, updatedFields, cascade, message}</c> form) the entity is
/// projected under it and <c>message</c> comes from the response too.
/// </summary>
internal sealed class MutationStatementCompiler(SchemaIndex schema)
{
    private readonly JsonbProjectionCompiler _projection = new(schema);

    public string Compile(MutationDescriptor mutation, FieldSelection field, MutationResultTypes types)
    {
        var sb = new StringBuilder("SELECT to_jsonb(r)::text, (");
        sb.Append(Projection(types.SuccessType, field.Selections));
        sb.Append(") FROM ").Append(mutation.FunctionName).Append('(');
        for (var i = 0; i < mutation.Parameters.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(", ");
            }
            sb.Append('$').Append((i + 1).ToString(CultureInfo.InvariantCulture));
        }
        sb.Append(") r");
        return sb.ToString();
    }

    private string Projection(string typeName, IReadOnlyList<FieldSelection> selections)
    {
        const string entity = "r.\"entity\"";
        var payloadForm = schema.FindField(typeName, "entity") is { } entityField
            && schema.Objects.ContainsKey(TypeRef.Parse(entityField.Type).NamedType);
        var pairs = new List<KeyValuePair<string, string>>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var aliases = 0;
        foreach (var selection in selections)
        {
            if (!_projection.AppliesTo(selection.TypeCondition, typeName) || !seen.Add(selection.ResponseName))
            {
                continue;
            }
            string value;
            switch (selection.FieldName)
            {
                case "updatedFields":
                    value = "to_jsonb(coalesce(r.\"updated_fields\", ARRAY[]::text[]))";
                    break;
                case "cascade":
                    // CascadeUpdates (typed, projected to the selection like the entity) or JSON (passed as it is)
                    value = schema.FindField(typeName, "cascade") is { } cascadeField
                        ? _projection.FieldValue(typeName, selection, "jsonb_build_object(" + SqlText.Literal(cascadeField.StorageKey) + ", r.\"cascade\")", ref aliases)
                        : JsonbProjectionCompiler.JsonOf("r.\"cascade\"");
                    break;
                case "message" when payloadForm:
                    value = JsonbProjectionCompiler.JsonOf("r.\"message\"");
                    break;
                case "entity" when payloadForm:
                    value = _projection.FieldValue(typeName, selection, "jsonb_build_object('entity', " + entity + ")", ref aliases);
                    break;
                default:
                    value = _projection.FieldValue(typeName, selection, entity, ref aliases);
                    break;
            }
            pairs.Add(new(selection.ResponseName, value));
        }
        var obj = JsonbProjectionCompiler.BuildObject(pairs);
        return payloadForm ? obj : "CASE WHEN jsonb_typeof(" + entity + ") = 'object' THEN " + obj + " END";
    }
}
