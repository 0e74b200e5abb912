using System.Text;
using FraiseQL.GraphQL;
using FraiseQL.Schema;

namespace FraiseQL.Introspection;

/// <summary>The schema as SDL, showing what introspection shows the same caller (its visibility filter applied).</summary>
public sealed partial class IntrospectionExecutor
{
    /// <summary>
    /// The schema in GraphQL SDL, like graphql-js's <c>printSchema</c>: the types the caller can reach, in the schema's
    /// order, with the fields it may see, descriptions, default values and <c>@deprecated</c>. The spec's scalars,
    /// directives and introspection types are implied, as in <c>printSchema</c>; root types keep their standard names,
    /// so no <c>schema { … }</c> block is needed.
    /// </summary>
    public string WriteSdl()
    {
        var sb = new StringBuilder();
        foreach (var type in schema.TypeList)
        {
            if (type.IsIntrospection || ((ReadOnlySpan<string>)SpecScalars).Contains(type.Name) || !IsTypeVisible(type))
            {
                continue;
            }
            if (sb.Length > 0)
            {
                sb.Append('\n');
            }
            AppendDescription(sb, type.Description, "");
            switch (type.Kind)
            {
                case SchemaTypeKind.Scalar:
                    sb.Append("scalar ").Append(type.Name);
                    if (type.SpecifiedByUrl is { } url)
                    {
                        sb.Append(" @specifiedBy(url: ");
                        ValuePrinter.AppendString(sb, url);
                        sb.Append(')');
                    }
                    sb.Append('\n');
                    break;
                case SchemaTypeKind.Object or SchemaTypeKind.Interface:
                    sb.Append(type.Kind == SchemaTypeKind.Object ? "type " : "interface ").Append(type.Name);
                    if (type.Interfaces.Count > 0)
                    {
                        sb.Append(" implements ").AppendJoin(" & ", type.Interfaces);
                    }
                    sb.Append(" {\n");
                    foreach (var field in type.FieldList)
                    {
                        if (isFieldVisible is null || isFieldVisible(type.Name, field))
                        {
                            AppendField(sb, field);
                        }
                    }
                    sb.Append("}\n");
                    break;
                case SchemaTypeKind.Union:
                    sb.Append("union ").Append(type.Name).Append(" = ").AppendJoin(" | ", type.PossibleTypes).Append('\n');
                    break;
                case SchemaTypeKind.Enum:
                    sb.Append("enum ").Append(type.Name).Append(" {\n");
                    foreach (var value in type.EnumValues)
                    {
                        AppendDescription(sb, value.Description, "  ");
                        sb.Append("  ").Append(value.Name);
                        AppendDeprecated(sb, value.DeprecationReason);
                        sb.Append('\n');
                    }
                    sb.Append("}\n");
                    break;
                default:
                    sb.Append("input ").Append(type.Name).Append(" {\n");
                    foreach (var input in type.InputFieldList)
                    {
                        AppendDescription(sb, input.Description, "  ");
                        sb.Append("  ");
                        AppendInputValue(sb, input);
                        sb.Append('\n');
                    }
                    sb.Append("}\n");
                    break;
            }
        }
        return sb.ToString();
    }

    private void AppendField(StringBuilder sb, SchemaField field)
    {
        AppendDescription(sb, field.Description, "  ");
        sb.Append("  ").Append(field.Name);
        if (field.ArgumentList.Count > 0)
        {
            // arguments with descriptions go one per line, as printSchema writes them
            var multiline = field.ArgumentList.Any(a => a.Description is not null);
            sb.Append('(');
            for (var i = 0; i < field.ArgumentList.Count; i++)
            {
                var argument = field.ArgumentList[i];
                if (multiline)
                {
                    sb.Append('\n');
                    AppendDescription(sb, argument.Description, "    ");
                    sb.Append("    ");
                }
                else if (i > 0)
                {
                    sb.Append(", ");
                }
                AppendInputValue(sb, argument);
            }
            sb.Append(multiline ? "\n  )" : ")");
        }
        sb.Append(": ").Append(field.Type);
        AppendDeprecated(sb, field.DeprecationReason);
        sb.Append('\n');
    }

    private void AppendInputValue(StringBuilder sb, SchemaInputValue value)
    {
        sb.Append(value.Name).Append(": ").Append(value.Type);
        if (value.DefaultValueJson is { } json)
        {
            sb.Append(" = ").Append(DefaultValueText(json, value.Type));
        }
        AppendDeprecated(sb, value.DeprecationReason);
    }

    private static void AppendDeprecated(StringBuilder sb, string? reason)
    {
        if (reason is null)
        {
            return;
        }
        sb.Append(" @deprecated");
        if (reason != "No longer supported")
        {
            sb.Append("(reason: ");
            ValuePrinter.AppendString(sb, reason);
            sb.Append(')');
        }
    }

    private static void AppendDescription(StringBuilder sb, string? description, string indent)
    {
        if (string.IsNullOrEmpty(description))
        {
            return;
        }
        sb.Append(indent);
        ValuePrinter.AppendString(sb, description);
        sb.Append('\n');
    }
}
