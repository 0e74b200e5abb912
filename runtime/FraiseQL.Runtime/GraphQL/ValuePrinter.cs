using System.Text;
using GraphQLParser.AST;

namespace FraiseQL.GraphQL;

/// <summary>Prints a value literal back as GraphQL text (for messages and argument comparison).</summary>
internal static class ValuePrinter
{
    public static string Print(GraphQLValue? value)
    {
        var sb = new StringBuilder();
        Append(sb, value);
        return sb.ToString();
    }

    private static void Append(StringBuilder sb, GraphQLValue? value)
    {
        switch (value)
        {
            case null:
                break;
            case GraphQLVariable v:
                sb.Append('$').Append(v.Name.Value.Span);
                break;
            case GraphQLNullValue:
                sb.Append("null");
                break;
            case GraphQLBooleanValue b:
                sb.Append(b.BoolValue ? "true" : "false");
                break;
            case GraphQLIntValue i:
                sb.Append(i.Value.Span);
                break;
            case GraphQLFloatValue f:
                sb.Append(f.Value.Span);
                break;
            case GraphQLStringValue s:
                AppendString(sb, s.Value.Span);
                break;
            case GraphQLEnumValue e:
                sb.Append(e.Name.Value.Span);
                break;
            case GraphQLListValue l:
                sb.Append('[');
                var first = true;
                foreach (var item in l.Values ?? [])
                {
                    if (!first)
                    {
                        sb.Append(", ");
                    }
                    first = false;
                    Append(sb, item);
                }
                sb.Append(']');
                break;
            case GraphQLObjectValue o:
                sb.Append('{');
                var firstField = true;
                foreach (var field in o.Fields ?? [])
                {
                    if (!firstField)
                    {
                        sb.Append(", ");
                    }
                    firstField = false;
                    sb.Append(field.Name.Value.Span).Append(": ");
                    Append(sb, field.Value);
                }
                sb.Append('}');
                break;
        }
    }

    public static void AppendString(StringBuilder sb, ReadOnlySpan<char> text)
    {
        sb.Append('"');
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
                    if (c < 0x20)
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
        sb.Append('"');
    }
}
