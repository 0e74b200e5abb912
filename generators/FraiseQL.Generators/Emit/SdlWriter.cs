using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace FraiseQL.Generators.Emit;

/// <summary>Renders a <see cref="SchemaShape"/> as GraphQL SDL.</summary>
internal static class SdlWriter
{
    public static string Write(SchemaShape shape)
    {
        var sb = new StringBuilder();
        foreach (var d in shape.Directives.Where(d => d.Name is not ("include" or "skip" or "deprecated" or "specifiedBy")))
        {
            Description(sb, d.Description, "");
            sb.Append("directive @").Append(d.Name).Append(Args(d.Args));
            if (d.Repeatable)
            {
                sb.Append(" repeatable");
            }
            sb.Append(" on ").Append(string.Join(" | ", d.Locations)).Append("\n\n");
        }
        foreach (var t in shape.Types)
        {
            if (t.IsBuiltIn)
            {
                continue;
            }
            Description(sb, t.Description, "");
            switch (t.Kind)
            {
                case "OBJECT":
                case "INTERFACE":
                    sb.Append(t.Kind == "OBJECT" ? "type " : "interface ").Append(t.Name);
                    if (t.Interfaces.Count > 0)
                    {
                        sb.Append(" implements ").Append(string.Join(" & ", t.Interfaces));
                    }
                    sb.Append(" {\n");
                    foreach (var f in t.Fields)
                    {
                        Description(sb, f.Description, "  ");
                        sb.Append("  ").Append(f.Name).Append(Args(f.Args)).Append(": ").Append(f.Type).Append(Deprecated(f.DeprecationReason)).Append('\n');
                    }
                    sb.Append("}\n\n");
                    break;
                case "UNION":
                    sb.Append("union ").Append(t.Name).Append(" = ").Append(string.Join(" | ", t.PossibleTypes)).Append("\n\n");
                    break;
                case "ENUM":
                    sb.Append("enum ").Append(t.Name).Append(" {\n");
                    foreach (var v in t.EnumValues)
                    {
                        Description(sb, v.Description, "  ");
                        sb.Append("  ").Append(v.Name).Append(Deprecated(v.DeprecationReason)).Append('\n');
                    }
                    sb.Append("}\n\n");
                    break;
                case "INPUT_OBJECT":
                    sb.Append("input ").Append(t.Name).Append(" {\n");
                    foreach (var f in t.InputFields)
                    {
                        Description(sb, f.Description, "  ");
                        sb.Append("  ").Append(InputValue(f)).Append('\n');
                    }
                    sb.Append("}\n\n");
                    break;
                case "SCALAR":
                    sb.Append("scalar ").Append(t.Name);
                    if (t.SpecifiedByUrl is not null)
                    {
                        sb.Append(" @specifiedBy(url: ").Append(Quote(t.SpecifiedByUrl)).Append(')');
                    }
                    sb.Append("\n\n");
                    break;
            }
        }
        return sb.ToString().TrimEnd('\n') + "\n";
    }

    private static string Args(List<InputValueShape> args) =>
        args.Count == 0 ? "" : "(" + string.Join(", ", args.Select(InputValue)) + ")";

    private static string InputValue(InputValueShape v) =>
        v.Name + ": " + v.Type + (v.DefaultValue is null ? "" : " = " + v.DefaultValue) + Deprecated(v.DeprecationReason);

    private static string Deprecated(string? reason) =>
        reason is null ? "" : reason == "No longer supported" ? " @deprecated" : " @deprecated(reason: " + Quote(reason) + ")";

    private static void Description(StringBuilder sb, string? description, string indent)
    {
        if (string.IsNullOrEmpty(description))
        {
            return;
        }
        sb.Append(indent).Append(Quote(description!)).Append('\n');
    }

    /// <summary>A GraphQL string literal (single line, escaped).</summary>
    public static string Quote(string text)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c < ' ')
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }
                    break;
            }
        }
        return sb.Append('"').ToString();
    }
}
