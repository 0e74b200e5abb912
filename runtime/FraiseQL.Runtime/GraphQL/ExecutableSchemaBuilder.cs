using System.Collections.Frozen;
using FraiseQL.Schema;

namespace FraiseQL.GraphQL;

/// <summary>Turns a <see cref="SchemaDescriptor"/> into the named types and directives of <see cref="ExecutableSchema"/>.</summary>
internal sealed class ExecutableSchemaBuilder
{
    private static readonly Dictionary<string, string> BuiltInScalarDescriptions = new(StringComparer.Ordinal)
    {
        ["String"] = "The `String` scalar type represents textual data, represented as UTF-8 character sequences.",
        ["Int"] = "The `Int` scalar type represents non-fractional signed whole numeric values between -(2^31) and 2^31 - 1.",
        ["Float"] = "The `Float` scalar type represents signed double-precision fractional values as specified by IEEE 754.",
        ["Boolean"] = "The `Boolean` scalar type represents `true` or `false`.",
        ["ID"] = "The `ID` scalar type represents a unique identifier, serialized as a String; Int input is accepted.",
        ["DateTime"] = "An ISO 8601 date-time with offset, e.g. 2024-01-31T12:00:00Z.",
        ["Date"] = "An ISO 8601 calendar date, e.g. 2024-01-31.",
        ["Time"] = "An ISO 8601 time of day, e.g. 12:30:00.",
        ["JSON"] = "Any JSON value.",
        ["UUID"] = "A UUID in its canonical text form, e.g. 123e4567-e89b-12d3-a456-426614174000.",
        ["Decimal"] = "An arbitrary-precision decimal number; input as a number or a numeric string, output as a JSON number.",
    };

    private static readonly string[] BuiltInOrder = ["String", "Int", "Float", "Boolean", "ID", "DateTime", "Date", "Time", "JSON", "UUID", "Decimal"];

    private readonly SchemaDescriptor _d;
    private readonly HashSet<string> _inputNames;

    public ExecutableSchemaBuilder(SchemaDescriptor descriptor)
    {
        _d = descriptor;
        _inputNames = descriptor.InputTypes.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
    }

    public (List<SchemaType> Types, List<SchemaDirective> Directives) Build()
    {
        var types = new List<SchemaType>();
        types.Add(Object(ExecutableSchema.QueryTypeName, "The root query type.", _d.Queries.Select(QueryField)));
        if (_d.Mutations.Length > 0)
        {
            types.Add(Object(ExecutableSchema.MutationTypeName, "The root mutation type.", _d.Mutations.Select(MutationField)));
        }
        if (_d.Subscriptions.Length > 0)
        {
            types.Add(Object(ExecutableSchema.SubscriptionTypeName, "The root subscription type.", _d.Subscriptions.Select(SubscriptionField)));
        }
        foreach (var t in _d.Types)
        {
            types.Add(Object(t.Name, t.Description, t.Fields.Select(UserField), t.Implements));
        }
        foreach (var i in _d.Interfaces)
        {
            var possible = _d.Types.Where(t => t.Implements.Contains(i.Name, StringComparer.Ordinal)).Select(t => t.Name).ToArray();
            var fields = i.Fields.Select(UserField).ToArray();
            types.Add(new SchemaType
            {
                Name = i.Name,
                Kind = SchemaTypeKind.Interface,
                Description = i.Description,
                FieldList = fields,
                Fields = fields.ToFrozenDictionary(f => f.Name, StringComparer.Ordinal),
                Interfaces = i.Implements,
                PossibleTypes = possible,
            });
        }
        foreach (var u in _d.Unions)
        {
            types.Add(new SchemaType { Name = u.Name, Kind = SchemaTypeKind.Union, Description = u.Description, PossibleTypes = u.MemberTypes });
        }
        foreach (var e in _d.Enums)
        {
            types.Add(Enum(e.Name, e.Description, e.Values.Select(v => new SchemaEnumValue
            {
                Name = v.Name,
                StorageValue = v.StorageValue,
                Description = v.Description,
                DeprecationReason = v.DeprecationReason,
            })));
        }
        foreach (var input in _d.InputTypes)
        {
            types.Add(Input(input.Name, input.Description, input.Fields.Select(f => new SchemaInputValue
            {
                Name = f.Name,
                Type = TypeRef.Parse(f.Type),
                Description = f.Description,
                DefaultValueJson = f.DefaultValueJson,
                DeprecationReason = f.DeprecationReason,
            })));
        }
        var declared = types.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var name in BuiltInOrder)
        {
            if (declared.Add(name))
            {
                types.Add(new SchemaType { Name = name, Kind = SchemaTypeKind.Scalar, Description = BuiltInScalarDescriptions[name], ScalarBase = name });
            }
        }
        foreach (var s in _d.Scalars)
        {
            if (declared.Add(s.Name))
            {
                types.Add(new SchemaType { Name = s.Name, Kind = SchemaTypeKind.Scalar, Description = s.Description, SpecifiedByUrl = s.SpecifiedByUrl, ScalarBase = s.BaseType });
            }
        }
        // every referenced but undeclared name becomes an opaque scalar, so a partial descriptor never breaks validation
        foreach (var referenced in ReferencedNames(types).ToArray())
        {
            if (declared.Add(referenced))
            {
                types.Add(new SchemaType { Name = referenced, Kind = SchemaTypeKind.Scalar, Description = "Opaque value (type not declared in schema.json)." });
            }
        }
        types.AddRange(IntrospectionTypes.Build());
        return (types, Directives());
    }

    private static IEnumerable<string> ReferencedNames(List<SchemaType> types)
    {
        foreach (var t in types)
        {
            foreach (var f in t.FieldList)
            {
                yield return f.Type.NamedType;
                foreach (var a in f.ArgumentList)
                {
                    yield return a.Type.NamedType;
                }
            }
            foreach (var f in t.InputFieldList)
            {
                yield return f.Type.NamedType;
            }
            foreach (var p in t.PossibleTypes)
            {
                yield return p;
            }
        }
    }

    private static List<SchemaDirective> Directives()
    {
        var ifArg = new SchemaInputValue { Name = "if", Type = TypeRef.Parse("Boolean!") };
        return
        [
            Directive("include", "Directs the executor to include this field or fragment only when the `if` argument is true.", ["FIELD", "FRAGMENT_SPREAD", "INLINE_FRAGMENT"], ifArg),
            Directive("skip", "Directs the executor to skip this field or fragment when the `if` argument is true.", ["FIELD", "FRAGMENT_SPREAD", "INLINE_FRAGMENT"], ifArg),
            Directive("deprecated", "Marks an element of a GraphQL schema as no longer supported.", ["FIELD_DEFINITION", "ARGUMENT_DEFINITION", "INPUT_FIELD_DEFINITION", "ENUM_VALUE"],
                new SchemaInputValue { Name = "reason", Type = TypeRef.Named("String"), DefaultValueJson = "\"No longer supported\"" }),
            Directive("specifiedBy", "Exposes a URL that specifies the behavior of this scalar.", ["SCALAR"],
                new SchemaInputValue { Name = "url", Type = TypeRef.Parse("String!") }),
        ];
    }

    private static SchemaDirective Directive(string name, string description, string[] locations, params SchemaInputValue[] args) => new()
    {
        Name = name,
        Description = description,
        Locations = locations,
        ArgumentList = args,
        Arguments = args.ToFrozenDictionary(a => a.Name, StringComparer.Ordinal),
    };

    private SchemaField QueryField(QueryDescriptor q)
    {
        var args = q.Arguments.Select(Arg).ToList();
        bool Has(string n) => args.Any(a => a.Name == n);
        if (q.HasWhere && !Has("where"))
        {
            var whereType = q.WhereInputType is { } w && _inputNames.Contains(w) ? w : (_inputNames.Contains(q.ReturnType + "WhereInput") ? q.ReturnType + "WhereInput" : "JSON");
            args.Add(new SchemaInputValue { Name = "where", Type = TypeRef.Named(whereType), Description = "Filter (compiled to a SQL WHERE clause)." });
        }
        if (q.HasOrderBy && !Has("orderBy"))
        {
            var orderType = (q.Relay?.Entity ?? q.ReturnType) + "OrderByInput";
            args.Add(new SchemaInputValue
            {
                Name = "orderBy",
                Type = _inputNames.Contains(orderType) ? TypeRef.ListOf(TypeRef.NonNullOf(TypeRef.Named(orderType))) : TypeRef.Named("JSON"),
                Description = "Sort order.",
            });
        }
        if (q.HasLimit && !Has("limit"))
        {
            args.Add(new SchemaInputValue { Name = "limit", Type = TypeRef.Named("Int"), Description = "Maximum number of items." });
        }
        if (q.HasOffset && !Has("offset"))
        {
            args.Add(new SchemaInputValue { Name = "offset", Type = TypeRef.Named("Int"), Description = "Number of items to skip." });
        }
        return new SchemaField
        {
            Name = q.Name,
            Type = ReturnType(q.ReturnType, q.ReturnsList, q.Nullable),
            Description = q.Description,
            DeprecationReason = q.DeprecationReason,
            ArgumentList = args,
            Arguments = args.ToFrozenDictionary(a => a.Name, StringComparer.Ordinal),
            Query = q,
        };
    }

    private static SchemaField MutationField(MutationDescriptor m)
    {
        var args = m.Arguments.Select(Arg).ToArray();
        return new SchemaField
        {
            Name = m.Name,
            Type = ReturnType(m.ReturnType, m.ReturnsList, m.Nullable),
            Description = m.Description,
            DeprecationReason = m.DeprecationReason,
            ArgumentList = args,
            Arguments = args.ToFrozenDictionary(a => a.Name, StringComparer.Ordinal),
            Mutation = m,
        };
    }

    private static SchemaField SubscriptionField(SubscriptionDescriptor s)
    {
        var args = s.Arguments.Select(Arg).ToArray();
        return new SchemaField
        {
            Name = s.Name,
            Type = ReturnType(s.ReturnType, false, true),
            Description = s.Description,
            DeprecationReason = s.DeprecationReason,
            ArgumentList = args,
            Arguments = args.ToFrozenDictionary(a => a.Name, StringComparer.Ordinal),
            Subscription = s,
        };
    }

    /// <summary>
    /// Root field type: a list is <c>[T!]!</c> (<c>[T!]</c> when nullable), a single value <c>T!</c>
    /// (<c>T</c> when nullable). A return type already written as a GraphQL type string is used as is.
    /// </summary>
    internal static TypeRef ReturnType(string returnType, bool returnsList, bool nullable)
    {
        if (returnType.Contains('[', StringComparison.Ordinal) || returnType.Contains('!', StringComparison.Ordinal))
        {
            return TypeRef.Parse(returnType);
        }
        var named = TypeRef.Named(returnType);
        var t = returnsList ? TypeRef.ListOf(TypeRef.NonNullOf(named)) : named;
        return nullable ? t : TypeRef.NonNullOf(t);
    }

    private static SchemaField UserField(FieldDescriptor f)
    {
        var args = f.Arguments.Select(Arg).ToArray();
        return new SchemaField
        {
            Name = f.Name,
            Type = TypeRef.Parse(f.Type),
            Description = f.Description,
            DeprecationReason = f.DeprecationReason,
            ArgumentList = args,
            Arguments = args.ToFrozenDictionary(a => a.Name, StringComparer.Ordinal),
        };
    }

    private static SchemaInputValue Arg(ArgumentDescriptor a) => new()
    {
        Name = a.Name,
        Type = TypeRef.Parse(a.Type),
        Description = a.Description,
        DefaultValueJson = a.DefaultValueJson,
        DeprecationReason = a.DeprecationReason,
    };

    internal static SchemaType Object(string name, string? description, IEnumerable<SchemaField> fields, IReadOnlyList<string>? interfaces = null, bool introspection = false)
    {
        var list = fields.ToArray();
        return new SchemaType
        {
            Name = name,
            Kind = SchemaTypeKind.Object,
            Description = description,
            FieldList = list,
            Fields = list.ToFrozenDictionary(f => f.Name, StringComparer.Ordinal),
            Interfaces = interfaces ?? [],
            PossibleTypes = [name],
            IsIntrospection = introspection,
        };
    }

    internal static SchemaType Enum(string name, string? description, IEnumerable<SchemaEnumValue> values, bool introspection = false)
    {
        var list = values.ToArray();
        return new SchemaType
        {
            Name = name,
            Kind = SchemaTypeKind.Enum,
            Description = description,
            EnumValues = list,
            EnumValuesByName = list.ToFrozenDictionary(v => v.Name, StringComparer.Ordinal),
            IsIntrospection = introspection,
        };
    }

    private static SchemaType Input(string name, string? description, IEnumerable<SchemaInputValue> fields)
    {
        var list = fields.ToArray();
        return new SchemaType
        {
            Name = name,
            Kind = SchemaTypeKind.InputObject,
            Description = description,
            InputFieldList = list,
            InputFields = list.ToFrozenDictionary(f => f.Name, StringComparer.Ordinal),
        };
    }
}
