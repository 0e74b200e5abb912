using System.Collections.Generic;
using System.Text;
using FraiseQL.Generators.Descriptors;

namespace FraiseQL.Generators.Emit;

/// <summary>Renders a <see cref="SchemaShape"/> as the result of the standard full IntrospectionQuery:
/// <c>{"__schema":{…}}</c>, compact, deterministic.</summary>
internal sealed class IntrospectionWriter
{
    /// <summary>Kind of every named type, for type references.</summary>
    private readonly Dictionary<string, string> _kinds = new(System.StringComparer.Ordinal);

    private IntrospectionWriter(SchemaShape shape)
    {
        foreach (var t in shape.Types)
        {
            _kinds[t.Name] = t.Kind;
        }
    }

    public static string Write(SchemaShape shape) => new IntrospectionWriter(shape).Render(shape);

    private string Render(SchemaShape shape)
    {
        var sb = new StringBuilder();
        sb.Append("{\"__schema\":{\"description\":null,");
        sb.Append("\"queryType\":{\"name\":").Append(Str(shape.QueryType)).Append("},");
        sb.Append("\"mutationType\":").Append(shape.MutationType is null ? "null" : "{\"name\":" + Str(shape.MutationType) + "}").Append(',');
        sb.Append("\"subscriptionType\":").Append(shape.SubscriptionType is null ? "null" : "{\"name\":" + Str(shape.SubscriptionType) + "}").Append(',');
        sb.Append("\"types\":[");
        for (var i = 0; i < shape.Types.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }
            WriteType(sb, shape.Types[i]);
        }
        sb.Append("],\"directives\":[");
        for (var i = 0; i < shape.Directives.Count; i++)
        {
            var d = shape.Directives[i];
            if (i > 0)
            {
                sb.Append(',');
            }
            sb.Append("{\"name\":").Append(Str(d.Name)).Append(",\"description\":").Append(Str(d.Description))
              .Append(",\"isRepeatable\":").Append(d.Repeatable ? "true" : "false").Append(",\"locations\":[");
            for (var j = 0; j < d.Locations.Count; j++)
            {
                if (j > 0)
                {
                    sb.Append(',');
                }
                sb.Append(Str(d.Locations[j]));
            }
            sb.Append("],\"args\":");
            InputValues(sb, d.Args);
            sb.Append('}');
        }
        sb.Append("]}}");
        return sb.ToString();
    }

    private void WriteType(StringBuilder sb, TypeShape t)
    {
        sb.Append("{\"kind\":").Append(Str(t.Kind)).Append(",\"name\":").Append(Str(t.Name))
          .Append(",\"description\":").Append(Str(t.Description))
          .Append(",\"specifiedByURL\":").Append(Str(t.SpecifiedByUrl));
        sb.Append(",\"fields\":");
        if (t.Kind is "OBJECT" or "INTERFACE")
        {
            sb.Append('[');
            for (var i = 0; i < t.Fields.Count; i++)
            {
                var f = t.Fields[i];
                if (i > 0)
                {
                    sb.Append(',');
                }
                sb.Append("{\"name\":").Append(Str(f.Name)).Append(",\"description\":").Append(Str(f.Description)).Append(",\"args\":");
                InputValues(sb, f.Args);
                sb.Append(",\"type\":");
                TypeRef(sb, f.Type);
                Deprecation(sb, f.DeprecationReason);
                sb.Append('}');
            }
            sb.Append(']');
        }
        else
        {
            sb.Append("null");
        }
        sb.Append(",\"inputFields\":");
        if (t.Kind == "INPUT_OBJECT")
        {
            InputValues(sb, t.InputFields);
        }
        else
        {
            sb.Append("null");
        }
        sb.Append(",\"interfaces\":");
        if (t.Kind is "OBJECT" or "INTERFACE")
        {
            NamedRefs(sb, "INTERFACE", t.Interfaces);
        }
        else
        {
            sb.Append("null");
        }
        sb.Append(",\"enumValues\":");
        if (t.Kind == "ENUM")
        {
            sb.Append('[');
            for (var i = 0; i < t.EnumValues.Count; i++)
            {
                var v = t.EnumValues[i];
                if (i > 0)
                {
                    sb.Append(',');
                }
                sb.Append("{\"name\":").Append(Str(v.Name)).Append(",\"description\":").Append(Str(v.Description));
                Deprecation(sb, v.DeprecationReason);
                sb.Append('}');
            }
            sb.Append(']');
        }
        else
        {
            sb.Append("null");
        }
        sb.Append(",\"possibleTypes\":");
        if (t.Kind is "UNION" or "INTERFACE")
        {
            NamedRefs(sb, "OBJECT", t.PossibleTypes);
        }
        else
        {
            sb.Append("null");
        }
        sb.Append('}');
    }

    private static void NamedRefs(StringBuilder sb, string kind, List<string> names)
    {
        sb.Append('[');
        for (var i = 0; i < names.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }
            sb.Append("{\"kind\":").Append(Str(kind)).Append(",\"name\":").Append(Str(names[i])).Append(",\"ofType\":null}");
        }
        sb.Append(']');
    }

    private void InputValues(StringBuilder sb, List<InputValueShape> values)
    {
        sb.Append('[');
        for (var i = 0; i < values.Count; i++)
        {
            var v = values[i];
            if (i > 0)
            {
                sb.Append(',');
            }
            sb.Append("{\"name\":").Append(Str(v.Name)).Append(",\"description\":").Append(Str(v.Description)).Append(",\"type\":");
            TypeRef(sb, v.Type);
            sb.Append(",\"defaultValue\":").Append(Str(v.DefaultValue));
            Deprecation(sb, v.DeprecationReason);
            sb.Append('}');
        }
        sb.Append(']');
    }

    private static void Deprecation(StringBuilder sb, string? reason) =>
        sb.Append(",\"isDeprecated\":").Append(reason is null ? "false" : "true").Append(",\"deprecationReason\":").Append(Str(reason));

    private void TypeRef(StringBuilder sb, string type)
    {
        if (GraphQLTypeString.IsNonNull(type))
        {
            sb.Append("{\"kind\":\"NON_NULL\",\"name\":null,\"ofType\":");
            TypeRef(sb, GraphQLTypeString.Nullable(type));
            sb.Append('}');
            return;
        }
        if (GraphQLTypeString.IsList(type))
        {
            sb.Append("{\"kind\":\"LIST\",\"name\":null,\"ofType\":");
            TypeRef(sb, GraphQLTypeString.ElementType(type));
            sb.Append('}');
            return;
        }
        var kind = _kinds.TryGetValue(type, out var k) ? k : "SCALAR";
        sb.Append("{\"kind\":").Append(Str(kind)).Append(",\"name\":").Append(Str(type)).Append(",\"ofType\":null}");
    }

    private static string Str(string? value)
    {
        if (value is null)
        {
            return "null";
        }
        var sb = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
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
