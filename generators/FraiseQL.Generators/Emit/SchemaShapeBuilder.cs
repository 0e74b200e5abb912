using System.Collections.Generic;
using System.Linq;
using System.Text;
using FraiseQL.Generators.Configuration;
using FraiseQL.Generators.Descriptors;

namespace FraiseQL.Generators.Emit;

/// <summary>Builds the <see cref="SchemaShape"/>: root types with list arguments, declared types, derived
/// inputs and enums, scalars and directives, in a fixed order.</summary>
internal static class SchemaShapeBuilder
{
    private static readonly (string Name, string Description)[] BuiltInScalars =
    {
        ("Boolean", "The `Boolean` scalar type represents `true` or `false`."),
        ("Date", "A calendar date, ISO 8601 (YYYY-MM-DD)."),
        ("DateTime", "A date and time with offset, ISO 8601."),
        ("Decimal", "An exact decimal number, as a string or number."),
        ("Float", "The `Float` scalar type represents signed double-precision fractional values as specified by IEEE 754."),
        ("ID", "The `ID` scalar type represents a unique identifier."),
        ("Int", "The `Int` scalar type represents non-fractional signed whole numeric values between -(2^31) and 2^31 - 1."),
        ("JSON", "Any JSON value."),
        ("String", "The `String` scalar type represents textual data, represented as UTF-8 character sequences."),
        ("Time", "A time of day, ISO 8601 (HH:MM:SS)."),
        ("UUID", "A UUID in its canonical text form."),
    };

    public static SchemaShape Build(SchemaSlice slice)
    {
        var enums = new HashSet<string>(slice.Enums.Select(e => e.Name).Concat(slice.DerivedEnums.Select(e => e.Name)), System.StringComparer.Ordinal);
        var shape = new SchemaShape();

        var query = new TypeShape("OBJECT", "Query", "Root query type.");
        foreach (var q in slice.Queries)
        {
            var d = q.Declared;
            var args = d.Arguments.Select(a => Arg(a, enums)).ToList();
            if (q.HasWhere)
            {
                args.Add(new InputValueShape("where", "Filter the rows.", q.WhereInputType ?? "JSON", null, null));
            }
            if (q.HasOrderBy)
            {
                args.Add(new InputValueShape("orderBy", "Sort the rows.", q.OrderByInputType is null ? "JSON" : $"[{q.OrderByInputType}!]", null, null));
            }
            if (q.HasLimit)
            {
                args.Add(new InputValueShape("limit", "Maximum number of rows.", "Int", null, null));
            }
            if (q.HasOffset)
            {
                args.Add(new InputValueShape("offset", "Rows to skip.", "Int", null, null));
            }
            query.Fields.Add(new FieldShape(d.Name, d.Description, args, ReturnType(d.ReturnType, d.ReturnsList, d.Nullable), d.DeprecationReason));
        }
        if (query.Fields.Count == 0)
        {
            query.Fields.Add(new FieldShape("_empty", "This service declares no queries; always null.", new List<InputValueShape>(), "Boolean", null));
        }
        shape.Types.Add(query);

        if (!slice.Mutations.IsEmpty)
        {
            var mutation = new TypeShape("OBJECT", "Mutation", "Root mutation type.");
            foreach (var m in slice.Mutations)
            {
                var d = m.Declared;
                mutation.Fields.Add(new FieldShape(d.Name, d.Description, d.Arguments.Select(a => Arg(a, enums)).ToList(), ReturnType(d.ReturnType, d.ReturnsList, d.Nullable), d.DeprecationReason));
            }
            shape.Types.Add(mutation);
            shape.MutationType = "Mutation";
        }
        if (!slice.Subscriptions.IsEmpty)
        {
            var subscription = new TypeShape("OBJECT", "Subscription", "Root subscription type.");
            foreach (var s in slice.Subscriptions)
            {
                var d = s.Declared;
                subscription.Fields.Add(new FieldShape(d.Name, d.Description, d.Arguments.Select(a => Arg(a, enums)).ToList(), d.ReturnType + "!", d.DeprecationReason));
            }
            shape.Types.Add(subscription);
            shape.SubscriptionType = "Subscription";
        }

        foreach (var t in slice.Types)
        {
            var type = new TypeShape("OBJECT", t.Name, t.Description);
            type.Interfaces.AddRange(t.Implements);
            type.Fields.AddRange(t.Fields.Select(f => Field(f, enums)));
            shape.Types.Add(type);
        }
        foreach (var i in slice.Interfaces)
        {
            var type = new TypeShape("INTERFACE", i.Name, i.Description);
            type.Interfaces.AddRange(i.Implements);
            type.Fields.AddRange(i.Fields.Select(f => Field(f, enums)));
            type.PossibleTypes.AddRange(slice.Types.Where(t => t.Implements.Contains(i.Name)).Select(t => t.Name));
            shape.Types.Add(type);
        }
        foreach (var u in slice.Unions)
        {
            var type = new TypeShape("UNION", u.Name, u.Description);
            type.PossibleTypes.AddRange(u.MemberTypes.Select(m => m.Name));
            shape.Types.Add(type);
        }
        foreach (var e in slice.Enums.Concat(slice.DerivedEnums))
        {
            var type = new TypeShape("ENUM", e.Name, e.Description);
            type.EnumValues.AddRange(e.Values.Select(v => new EnumValueShape(v.Name, v.Description, v.DeprecationReason)));
            shape.Types.Add(type);
        }
        foreach (var i in slice.InputTypes.Concat(slice.DerivedInputTypes))
        {
            var type = new TypeShape("INPUT_OBJECT", i.Name, i.Description);
            type.InputFields.AddRange(i.Fields.Select(f => new InputValueShape(f.Name, f.Description, f.Type, Literal(f.DefaultJson, f.Type, enums), f.DeprecationReason)));
            shape.Types.Add(type);
        }
        foreach (var s in slice.Scalars)
        {
            shape.Types.Add(new TypeShape("SCALAR", s.Name, s.Description) { SpecifiedByUrl = s.SpecifiedByUrl });
        }
        foreach (var (name, description) in BuiltInScalars)
        {
            shape.Types.Add(new TypeShape("SCALAR", name, description) { IsBuiltIn = name is "Boolean" or "Float" or "ID" or "Int" or "String" });
        }
        shape.Types.AddRange(IntrospectionTypes.All());

        shape.Directives.Add(new DirectiveShape("include", "Directs the executor to include this field or fragment only when the `if` argument is true.",
            new List<string> { "FIELD", "FRAGMENT_SPREAD", "INLINE_FRAGMENT" }, new List<InputValueShape> { new("if", "Included when true.", "Boolean!", null, null) }, false));
        shape.Directives.Add(new DirectiveShape("skip", "Directs the executor to skip this field or fragment when the `if` argument is true.",
            new List<string> { "FIELD", "FRAGMENT_SPREAD", "INLINE_FRAGMENT" }, new List<InputValueShape> { new("if", "Skipped when true.", "Boolean!", null, null) }, false));
        shape.Directives.Add(new DirectiveShape("deprecated", "Marks an element of a GraphQL schema as no longer supported.",
            new List<string> { "FIELD_DEFINITION", "ARGUMENT_DEFINITION", "INPUT_FIELD_DEFINITION", "ENUM_VALUE" },
            new List<InputValueShape> { new("reason", "Why it is deprecated.", "String", "\"No longer supported\"", null) }, false));
        shape.Directives.Add(new DirectiveShape("specifiedBy", "Exposes a URL that specifies the behavior of this scalar.",
            new List<string> { "SCALAR" }, new List<InputValueShape> { new("url", "The URL.", "String!", null, null) }, false));
        foreach (var d in slice.Directives)
        {
            shape.Directives.Add(new DirectiveShape(d.Name, d.Description, d.Locations.ToList(), d.Arguments.Select(a => Arg(a, enums)).ToList(), d.Repeatable));
        }
        return shape;
    }

    public static string ReturnType(string name, bool list, bool nullable) =>
        (list ? $"[{name}!]" : name) + (nullable ? "" : "!");

    private static FieldShape Field(FieldModel f, HashSet<string> enums) =>
        new(f.Name, f.Description, f.Arguments.Select(a => Arg(a, enums)).ToList(), f.Type, f.DeprecationReason);

    private static InputValueShape Arg(ArgumentModel a, HashSet<string> enums) =>
        new(a.Name, a.Description, a.Type, Literal(a.DefaultJson, a.Type, enums), a.DeprecationReason);

    /// <summary>JSON default → GraphQL literal (strings of enum-typed values become enum names).</summary>
    public static string? Literal(string? json, string type, HashSet<string> enums)
    {
        if (json is null)
        {
            return null;
        }
        JsonNode node;
        try
        {
            node = JsonReader.Parse("", json);
        }
        catch (JsonSyntaxException)
        {
            return null;
        }
        var sb = new StringBuilder();
        Write(sb, node, enums.Contains(GraphQLTypeString.NamedType(type)));
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, JsonNode node, bool isEnum)
    {
        switch (node.Kind)
        {
            case JsonKind.String:
                if (isEnum)
                {
                    sb.Append(node.Text);
                }
                else
                {
                    sb.Append(node.Raw);
                }
                break;
            case JsonKind.Array:
                sb.Append('[');
                for (var i = 0; i < node.Items.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(", ");
                    }
                    Write(sb, node.Items[i], isEnum);
                }
                sb.Append(']');
                break;
            case JsonKind.Object:
                sb.Append('{');
                for (var i = 0; i < node.Properties.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(", ");
                    }
                    sb.Append(node.Properties[i].Name).Append(": ");
                    Write(sb, node.Properties[i].Value, false);
                }
                sb.Append('}');
                break;
            default:
                sb.Append(node.Raw);
                break;
        }
    }
}
