using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using FraiseQL.Generators.Descriptors;
using FraiseQL.Generators.Diagnostics;
using FraiseQL.Generators.Validation;

namespace FraiseQL.Generators.Configuration;

/// <summary>schema.json → <see cref="SchemaModel"/>. Never throws on bad input: every problem becomes a
/// located diagnostic and the offending item is skipped.</summary>
internal sealed class SchemaJsonReader
{
    private readonly string _path;
    private readonly List<DiagnosticInfo> _diagnostics = new();
    private bool _preserve;
    private string? _tomlNaming;

    private SchemaJsonReader(string path) => _path = path;

    /// <param name="namingConvention">fraiseql.toml [naming] convention, which overrides schema.json's.</param>
    public static SchemaModel Read(string path, string text, string? namingConvention = null)
    {
        var reader = new SchemaJsonReader(path) { _tomlNaming = namingConvention };
        JsonNode root;
        var duplicates = new List<(JsonProperty Duplicate, JsonProperty First)>();
        try
        {
            root = JsonReader.Parse(path, text, duplicates);
        }
        catch (JsonSyntaxException ex)
        {
            reader._diagnostics.Add(DiagnosticInfo.Create("FQL0001", ex.Span, $"{ex.Message} (line {ex.Span.StartLine + 1}, column {ex.Span.StartColumn + 1})"));
            return reader.Empty();
        }
        foreach (var (duplicate, first) in duplicates)
        {
            reader._diagnostics.Add(DiagnosticInfo.Create("FQL0005", duplicate.NameSpan, duplicate.Name,
                (first.NameSpan.StartLine + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
                (first.NameSpan.StartColumn + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        return reader.ReadRoot(root);
    }

    private SchemaModel Empty() => new(
        _path, "2.0.0", false, default, default, default, default, default, default, default, default, default, default,
        null, default, default, _diagnostics.ToEquatableArray());

    private SchemaModel ReadRoot(JsonNode root)
    {
        if (root.Kind != JsonKind.Object)
        {
            _diagnostics.Add(DiagnosticInfo.Create("FQL0109", root.Span, "schema.json", "root", "must be an object"));
            return Empty();
        }
        CheckKeys(root, "the schema.json root object", SchemaKeys.Root);

        var naming = String(root, "naming_convention", "schema.json");
        _preserve = (_tomlNaming ?? naming.Value) == "preserve";

        foreach (var key in new[] { "fact_tables", "sources", "mcp_config", "rest_config", "grpc_config", "hierarchies_config" })
        {
            var node = root[key];
            if (node is not null && !IsEmpty(node))
            {
                _diagnostics.Add(DiagnosticInfo.Create("FQL0110", SpanOfKey(root, key), $"\"{key}\""));
            }
        }
        foreach (var key in new[] { "aggregate_queries", "observers" })
        {
            var node = root[key];
            if (node is not null && !IsEmpty(node))
            {
                _diagnostics.Add(DiagnosticInfo.Create("FQL0113", SpanOfKey(root, key),
                    key == "observers"
                        ? "\"observers\" in schema.json is refused: declare events in fraiseql.toml [[observers.publish]] / [[observers.subscribe]]"
                        : "\"aggregate_queries\" is refused by FraiseQL's converter"));
            }
        }
        var security = root["security"];
        if (security is { Kind: JsonKind.Object })
        {
            foreach (var key in new[] { "rules", "field_auth", "default_policy" })
            {
                if (security[key] is not null)
                {
                    _diagnostics.Add(DiagnosticInfo.Create("FQL0302", SpanOfKey(security, key), $"security.{key}"));
                }
            }
        }

        var types = new List<ObjectTypeModel>();
        var inputs = new List<InputTypeModel>();
        foreach (var t in Items(root, "types"))
        {
            if (Bool(t, "is_input", false))
            {
                var input = ReadInputType(t, fromType: true);
                if (input is not null)
                {
                    inputs.Add(input);
                }
            }
            else
            {
                var type = ReadObjectType(t);
                if (type is not null)
                {
                    types.Add(type);
                }
            }
        }
        foreach (var t in Items(root, "input_types"))
        {
            var input = ReadInputType(t, fromType: false);
            if (input is not null)
            {
                inputs.Add(input);
            }
        }

        var enums = Items(root, "enums").Select(ReadEnum).Where(e => e is not null).Select(e => e!).ToList();
        var interfaces = Items(root, "interfaces").Select(ReadInterface).Where(e => e is not null).Select(e => e!).ToList();
        var unions = Items(root, "unions").Select(ReadUnion).Where(e => e is not null).Select(e => e!).ToList();
        var scalars = Items(root, "custom_scalars").Select(ReadScalar).Where(e => e is not null).Select(e => e!).ToList();
        var directives = Items(root, "directives").Select(ReadDirective).Where(e => e is not null).Select(e => e!).ToList();
        var queries = Items(root, "queries").Select(ReadQuery).Where(e => e is not null).Select(e => e!).ToList();
        var mutations = Items(root, "mutations").Select(ReadMutation).Where(e => e is not null).Select(e => e!).ToList();
        var subscriptions = Items(root, "subscriptions").Select(ReadSubscription).Where(e => e is not null).Select(e => e!).ToList();

        AutoParamsModel? queryDefaults = null;
        var qd = root["query_defaults"];
        if (qd is { Kind: JsonKind.Object })
        {
            CheckKeys(qd, "query_defaults", SchemaKeys.QueryDefaults);
            queryDefaults = new AutoParamsModel(NullableBool(qd, "where_clause"), NullableBool(qd, "order_by"), NullableBool(qd, "limit"), NullableBool(qd, "offset"));
        }
        var injectQueries = ImmutableArray<InjectParamModel>.Empty;
        var injectMutations = ImmutableArray<InjectParamModel>.Empty;
        var injectDefaults = root["inject_defaults"];
        if (injectDefaults is { Kind: JsonKind.Object })
        {
            CheckKeys(injectDefaults, "inject_defaults", new[] { "base", "queries", "mutations" });
            var baseParams = ReadInjectParams(injectDefaults["base"], "inject_defaults.base");
            injectQueries = Merge(ReadInjectParams(injectDefaults["queries"], "inject_defaults.queries"), baseParams);
            injectMutations = Merge(ReadInjectParams(injectDefaults["mutations"], "inject_defaults.mutations"), baseParams);
        }

        var version = String(root, "version", "schema.json").Value ?? "2.0.0";
        return new SchemaModel(
            _path, version, _preserve,
            types.ToEquatableArray(), enums.ToEquatableArray(), inputs.ToEquatableArray(), interfaces.ToEquatableArray(),
            unions.ToEquatableArray(), scalars.ToEquatableArray(), directives.ToEquatableArray(), queries.ToEquatableArray(),
            mutations.ToEquatableArray(), subscriptions.ToEquatableArray(), queryDefaults,
            injectQueries.ToEquatableArray(), injectMutations.ToEquatableArray(), _diagnostics.ToEquatableArray());
    }

    private static ImmutableArray<InjectParamModel> Merge(ImmutableArray<InjectParamModel> first, ImmutableArray<InjectParamModel> fallback)
    {
        var result = first.ToBuilder();
        foreach (var p in fallback)
        {
            if (!result.Any(r => r.Name == p.Name))
            {
                result.Add(p);
            }
        }
        return result.ToImmutable();
    }

    private string GraphQLName(string declared) => _preserve ? declared : NameCasing.ToCamel(declared);

    private ObjectTypeModel? ReadObjectType(JsonNode node)
    {
        if (!IsObject(node, "types[]"))
        {
            return null;
        }
        var name = RequiredName(node, "a type", recased: false);
        if (name is null)
        {
            return null;
        }
        var where = $"type \"{name}\"";
        CheckKeys(node, where, SchemaKeys.Type);
        var fields = ReadFields(node, where);
        return new ObjectTypeModel(
            name,
            String(node, "description", where).Value,
            fields,
            Names(node, "implements", where).Select(n => n.Name).ToEquatableArray(),
            String(node, "requires_role", where).Value,
            Bool(node, "is_error", false),
            Bool(node, "relay", false),
            Bool(node, "embedded", false),
            String(node, "sql_source", where).Value,
            node["name"]!.Span);
    }

    private EquatableArray<FieldModel> ReadFields(JsonNode owner, string where)
    {
        var fields = new List<FieldModel>();
        var fieldsNode = owner["fields"];
        if (fieldsNode is null)
        {
            _diagnostics.Add(DiagnosticInfo.Create("FQL0109", owner.Span, where, "fields", "is required (an array of fields)"));
            return default;
        }
        foreach (var f in Items(owner, "fields"))
        {
            if (!IsObject(f, $"{where} fields[]"))
            {
                continue;
            }
            var name = RequiredName(f, $"a field of {where}", recased: true);
            if (name is null)
            {
                continue;
            }
            var fieldWhere = $"field \"{name}\" of {where}";
            CheckKeys(f, fieldWhere, SchemaKeys.Field);
            var type = ReadType(f, fieldWhere, defaultNullable: false);
            if (type is null)
            {
                continue;
            }
            string? deprecation = null;
            var isTenant = false;
            foreach (var d in Items(f, "directives"))
            {
                if (!IsObject(d, $"directives of {fieldWhere}"))
                {
                    continue;
                }
                var dn = RequiredString(d, "name", $"a directive of {fieldWhere}");
                if (dn == "deprecated")
                {
                    deprecation = d["arguments"]?["reason"]?.Text ?? "No longer supported";
                }
                else if (dn == "tenant_id")
                {
                    isTenant = true;
                }
                else if (dn is not null)
                {
                    // a typo of tenant_id would silently turn row tenancy off for the type
                    _diagnostics.Add(DiagnosticInfo.Create("FQL0110", d["name"]!.Span, $"directive \"{dn}\" on {fieldWhere} (known: deprecated, tenant_id)"));
                }
            }
            if (f["vector_config"] is not null)
            {
                _diagnostics.Add(DiagnosticInfo.Create("FQL0110", SpanOfKey(f, "vector_config"), $"vector_config on {fieldWhere}"));
            }
            else if (f["type"]?.Text is { } rawType && GraphQLTypeString.IsVectorName(GraphQLTypeString.NamedType(rawType)))
            {
                _diagnostics.Add(DiagnosticInfo.Create("FQL0110", f["type"]!.Span, $"vector type \"{rawType}\" on {fieldWhere}"));
            }
            var onDeny = String(f, "on_deny", fieldWhere).Value ?? "reject";
            fields.Add(new FieldModel(
                GraphQLName(name),
                NameCasing.ToSnake(name),
                type.Value.Type,
                String(f, "description", fieldWhere).Value,
                deprecation,
                String(f, "requires_scope", fieldWhere).Value,
                onDeny,
                isTenant,
                default,
                f["name"]!.Span,
                type.Value.Span));
        }
        return fields.ToEquatableArray();
    }

    private (string Type, FileSpan Span)? ReadType(JsonNode node, string where, bool defaultNullable, string key = "type", bool nullableKey = true)
    {
        var typeNode = node[key];
        if (typeNode is null || typeNode.Kind != JsonKind.String)
        {
            _diagnostics.Add(DiagnosticInfo.Create("FQL0109", typeNode?.Span ?? node.Span, where, key,
                typeNode is null ? "is required (a GraphQL type such as \"String\" or \"[Order!]\")" : $"must be a string, not {typeNode.KindName}"));
            return null;
        }
        bool? nullable = nullableKey ? NullableBool(node, "nullable") : false;
        var normalized = GraphQLTypeString.Normalize(typeNode.Text!, nullable, defaultNullable, out var error);
        if (normalized is null)
        {
            _diagnostics.Add(DiagnosticInfo.Create("FQL0112", typeNode.Span, typeNode.Text!, error ?? "malformed"));
            return null;
        }
        return (normalized, typeNode.Span);
    }

    private EquatableArray<ArgumentModel> ReadArguments(JsonNode owner, string where)
    {
        var args = new List<ArgumentModel>();
        foreach (var a in Items(owner, "arguments"))
        {
            if (!IsObject(a, $"{where} arguments[]"))
            {
                continue;
            }
            var name = RequiredName(a, $"an argument of {where}", recased: true);
            if (name is null)
            {
                continue;
            }
            var argWhere = $"argument \"{name}\" of {where}";
            CheckKeys(a, argWhere, SchemaKeys.Argument);
            var type = ReadType(a, argWhere, defaultNullable: false);
            if (type is null)
            {
                continue;
            }
            args.Add(new ArgumentModel(
                GraphQLName(name),
                NameCasing.ToSnake(name),
                type.Value.Type,
                a["default"]?.Raw,
                String(a, "description", argWhere).Value,
                Deprecation(a),
                a["name"]!.Span,
                type.Value.Span));
        }
        return args.ToEquatableArray();
    }

    private string? Deprecation(JsonNode node)
    {
        var d = node["deprecated"];
        if (d is null || d.Kind == JsonKind.Null || d.Kind == JsonKind.False)
        {
            return null;
        }
        return d.Kind == JsonKind.Object ? d["reason"]?.Text ?? "No longer supported" : "No longer supported";
    }

    private InputTypeModel? ReadInputType(JsonNode node, bool fromType)
    {
        if (!IsObject(node, fromType ? "types[]" : "input_types[]"))
        {
            return null;
        }
        var name = RequiredName(node, "an input type", recased: false);
        if (name is null)
        {
            return null;
        }
        var where = $"input type \"{name}\"";
        CheckKeys(node, where, fromType ? SchemaKeys.Type : SchemaKeys.InputType);
        var fields = new List<InputFieldModel>();
        foreach (var f in Items(node, "fields"))
        {
            if (!IsObject(f, $"{where} fields[]"))
            {
                continue;
            }
            var fname = RequiredName(f, $"a field of {where}", recased: true);
            if (fname is null)
            {
                continue;
            }
            var fieldWhere = $"field \"{fname}\" of {where}";
            CheckKeys(f, fieldWhere, fromType ? SchemaKeys.Field.Concat(new[] { "default", "deprecated" }).ToArray() : SchemaKeys.InputField);
            var type = ReadType(f, fieldWhere, defaultNullable: true);
            if (type is null)
            {
                continue;
            }
            fields.Add(new InputFieldModel(
                GraphQLName(fname), NameCasing.ToSnake(fname), type.Value.Type, f["default"]?.Raw,
                String(f, "description", fieldWhere).Value, Deprecation(f), f["name"]!.Span, type.Value.Span));
        }
        if (node["fields"] is null)
        {
            _diagnostics.Add(DiagnosticInfo.Create("FQL0109", node.Span, where, "fields", "is required (an array of fields)"));
        }
        return new InputTypeModel(name, String(node, "description", where).Value, fields.ToEquatableArray(), false, null, node["name"]!.Span);
    }

    private EnumModel? ReadEnum(JsonNode node)
    {
        if (!IsObject(node, "enums[]"))
        {
            return null;
        }
        var name = RequiredName(node, "an enum", recased: false);
        if (name is null)
        {
            return null;
        }
        var where = $"enum \"{name}\"";
        CheckKeys(node, where, SchemaKeys.Enum);
        var values = new List<EnumValueModel>();
        foreach (var v in Items(node, "values"))
        {
            if (v.Kind == JsonKind.String)
            {
                CheckName(v.Text!, v.Span, $"a value of {where}", enumValue: true);
                values.Add(new EnumValueModel(v.Text!, v.Text!, null, null, v.Span));
                continue;
            }
            if (!IsObject(v, $"{where} values[]"))
            {
                continue;
            }
            var vname = RequiredName(v, $"a value of {where}", recased: false, enumValue: true);
            if (vname is null)
            {
                continue;
            }
            CheckKeys(v, $"value \"{vname}\" of {where}", SchemaKeys.EnumValue);
            var storage = v["value"];
            var storageValue = storage switch
            {
                null => vname,
                { Kind: JsonKind.String } => storage.Text!,
                _ => storage.Raw,
            };
            values.Add(new EnumValueModel(vname, storageValue, String(v, "description", where).Value, Deprecation(v), v["name"]!.Span));
        }
        return new EnumModel(name, String(node, "description", where).Value, values.ToEquatableArray(), node["name"]!.Span);
    }

    private InterfaceModel? ReadInterface(JsonNode node)
    {
        if (!IsObject(node, "interfaces[]"))
        {
            return null;
        }
        var name = RequiredName(node, "an interface", recased: false);
        if (name is null)
        {
            return null;
        }
        var where = $"interface \"{name}\"";
        CheckKeys(node, where, SchemaKeys.Interface);
        return new InterfaceModel(name, String(node, "description", where).Value, ReadFields(node, where),
            Names(node, "implements", where).Select(n => n.Name).ToEquatableArray(), node["name"]!.Span);
    }

    private UnionModel? ReadUnion(JsonNode node)
    {
        if (!IsObject(node, "unions[]"))
        {
            return null;
        }
        var name = RequiredName(node, "a union", recased: false);
        if (name is null)
        {
            return null;
        }
        var where = $"union \"{name}\"";
        CheckKeys(node, where, SchemaKeys.Union);
        return new UnionModel(name, String(node, "description", where).Value, Names(node, "member_types", where).ToEquatableArray(), node["name"]!.Span);
    }

    private ScalarModel? ReadScalar(JsonNode node)
    {
        if (!IsObject(node, "custom_scalars[]"))
        {
            return null;
        }
        var name = RequiredName(node, "a custom scalar", recased: false);
        if (name is null)
        {
            return null;
        }
        var where = $"scalar \"{name}\"";
        CheckKeys(node, where, SchemaKeys.Scalar);
        var rules = node["validation_rules"];
        if (rules is not null && !IsEmpty(rules))
        {
            _diagnostics.Add(DiagnosticInfo.Create("FQL0113", rules.Span, $"validation_rules on {where} are refused: nothing enforces them"));
        }
        return new ScalarModel(name, String(node, "description", where).Value, String(node, "specified_by_url", where).Value,
            String(node, "base_type", where).Value, node["name"]!.Span);
    }

    private DirectiveModel? ReadDirective(JsonNode node)
    {
        if (!IsObject(node, "directives[]"))
        {
            return null;
        }
        var name = RequiredName(node, "a directive", recased: false);
        if (name is null)
        {
            return null;
        }
        var where = $"directive \"{name}\"";
        CheckKeys(node, where, SchemaKeys.Directive);
        return new DirectiveModel(name, String(node, "description", where).Value,
            Names(node, "locations", where).Select(n => n.Name).ToEquatableArray(), ReadArguments(node, where),
            Bool(node, "repeatable", false), node["name"]!.Span);
    }

    private QueryModel? ReadQuery(JsonNode node)
    {
        if (!IsObject(node, "queries[]"))
        {
            return null;
        }
        var name = RequiredName(node, "a query", recased: true);
        if (name is null)
        {
            return null;
        }
        var where = $"query \"{name}\"";
        CheckKeys(node, where, SchemaKeys.Query);
        var returnType = ReadReturnType(node, where);
        if (returnType is null)
        {
            return null;
        }
        var autoParams = AutoParamsModel.Inherit;
        var ap = node["auto_params"];
        if (ap is { Kind: JsonKind.Object })
        {
            CheckKeys(ap, $"auto_params of {where}", SchemaKeys.AutoParams);
            autoParams = new AutoParamsModel(NullableBool(ap, "where"), NullableBool(ap, "order_by"), NullableBool(ap, "limit"), NullableBool(ap, "offset"));
        }
        if (node["rest"] is not null)
        {
            _diagnostics.Add(DiagnosticInfo.Create("FQL0110", SpanOfKey(node, "rest"), $"\"rest\" on {where}"));
        }
        var sql = node["sql_source"];
        long? ttl = null;
        switch (node["cache_ttl_seconds"])
        {
            case null or { Kind: JsonKind.Null }:
                break;
            case { Kind: JsonKind.Number } ttlNode when long.TryParse(ttlNode.Text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var t):
                ttl = t;
                break;
            case { } bad:
                _diagnostics.Add(DiagnosticInfo.Create("FQL0109", bad.Span, where, "cache_ttl_seconds", $"must be a whole number of seconds (0 or more), not {(bad.Kind == JsonKind.Number ? bad.Text : bad.KindName)}"));
                break;
        }
        return new QueryModel(
            name, GraphQLName(name), returnType.Value.Name,
            Bool(node, "returns_list", false), Bool(node, "nullable", false),
            ReadArguments(node, where),
            String(node, "description", where).Value, Deprecation(node),
            sql?.Kind == JsonKind.String ? sql.Text : null,
            String(node, "jsonb_column", where).Value,
            autoParams,
            Bool(node, "relay", false),
            ReadInjectParams(node["inject_params"], $"inject_params of {where}").ToEquatableArray(),
            ttl,
            Names(node, "additional_views", where).Select(n => n.Name).ToEquatableArray(),
            String(node, "requires_role", where).Value,
            node.Span, node["name"]!.Span, returnType.Value.Span, sql?.Span,
            Bool(node, "count", false), node["count"] is null ? null : SpanOfKey(node, "count"),
            String(node, "relay_cursor_type", where).Value);
    }

    private (string Name, FileSpan Span)? ReadReturnType(JsonNode node, string where)
    {
        var rt = node["return_type"];
        if (rt is null || rt.Kind != JsonKind.String || string.IsNullOrWhiteSpace(rt.Text))
        {
            _diagnostics.Add(DiagnosticInfo.Create("FQL0109", rt?.Span ?? node["name"]!.Span, where, "return_type",
                rt is null ? "is required (the bare name of the returned type)" : "must be a non-empty string"));
            return null;
        }
        var text = rt.Text!.Trim();
        if (text.StartsWith("[", StringComparison.Ordinal) || text.EndsWith("!", StringComparison.Ordinal))
        {
            // Tolerate "[Order!]!" by taking the named type; returns_list/nullable decide the wrapping.
            text = GraphQLTypeString.NamedType(text);
        }
        if (text == "Json")
        {
            text = "JSON";
        }
        return (text, rt.Span);
    }

    private MutationModel? ReadMutation(JsonNode node)
    {
        if (!IsObject(node, "mutations[]"))
        {
            return null;
        }
        var name = RequiredName(node, "a mutation", recased: true);
        if (name is null)
        {
            return null;
        }
        var where = $"mutation \"{name}\"";
        CheckKeys(node, where, SchemaKeys.Mutation);
        var returnType = ReadReturnType(node, where);
        if (returnType is null)
        {
            return null;
        }
        var opNode = node["operation"];
        var operation = "Custom";
        if (opNode is { Kind: JsonKind.String })
        {
            switch (opNode.Text!.ToUpperInvariant())
            {
                case "CREATE":
                case "INSERT":
                    operation = "Insert";
                    break;
                case "UPDATE":
                    operation = "Update";
                    break;
                case "DELETE":
                    operation = "Delete";
                    break;
                case "CUSTOM":
                    operation = "Custom";
                    break;
                default:
                    _diagnostics.Add(DiagnosticInfo.Create("FQL0111", opNode.Span, name, opNode.Text!));
                    break;
            }
        }
        if (node["rest"] is not null)
        {
            _diagnostics.Add(DiagnosticInfo.Create("FQL0110", SpanOfKey(node, "rest"), $"\"rest\" on {where}"));
        }
        var inputStyle = String(node, "input_style", where);
        if (inputStyle.Value is not null and not "flatten" and not "jsonb")
        {
            _diagnostics.Add(DiagnosticInfo.Create("FQL0109", inputStyle.Span, where, "input_style", "must be \"flatten\" or \"jsonb\""));
        }
        var sql = node["sql_source"];
        return new MutationModel(
            name, GraphQLName(name), returnType.Value.Name,
            Bool(node, "returns_list", false), Bool(node, "nullable", false),
            ReadArguments(node, where),
            String(node, "description", where).Value, Deprecation(node),
            sql?.Kind == JsonKind.String ? sql.Text : null,
            operation,
            inputStyle.Value == "jsonb",
            Names(node, "invalidates_views", where).Select(n => n.Name).ToEquatableArray(),
            ReadInjectParams(node["inject_params"], $"inject_params of {where}").ToEquatableArray(),
            String(node, "requires_role", where).Value,
            Bool(node, "cascade", false),
            node.Span, node["name"]!.Span, returnType.Value.Span, sql?.Span);
    }

    private SubscriptionModel? ReadSubscription(JsonNode node)
    {
        if (!IsObject(node, "subscriptions[]"))
        {
            return null;
        }
        var name = RequiredName(node, "a subscription", recased: true);
        if (name is null)
        {
            return null;
        }
        var where = $"subscription \"{name}\"";
        CheckKeys(node, where, SchemaKeys.Subscription);
        var returnType = ReadReturnType(node, where);
        if (returnType is null)
        {
            return null;
        }
        var args = ReadArguments(node, where);
        var entityType = String(node, "entity_type", where).Value;
        var filters = new List<SubscriptionFilterModel>();
        var filter = node["filter"];
        if (filter is { Kind: JsonKind.Object })
        {
            CheckKeys(filter, $"filter of {where}", new[] { "conditions" });
            foreach (var c in Items(filter, "conditions"))
            {
                if (!IsObject(c, $"filter conditions of {where}"))
                {
                    continue;
                }
                CheckKeys(c, $"filter condition of {where}", new[] { "argument", "path" });
                var argument = c["argument"]?.Text;
                var path = c["path"]?.Text;
                if (argument is null || path is null)
                {
                    _diagnostics.Add(DiagnosticInfo.Create("FQL0109", c.Span, $"filter condition of {where}", argument is null ? "argument" : "path", "is required"));
                    continue;
                }
                filters.Add(new SubscriptionFilterModel(GraphQLName(argument), JsonPath(path).ToEquatableArray()));
            }
        }
        else
        {
            var entitySnake = NameCasing.ToSnake(entityType ?? returnType.Value.Name);
            foreach (var a in args)
            {
                var key = a.StorageKey == entitySnake + "_id" ? "id" : a.StorageKey;
                filters.Add(new SubscriptionFilterModel(a.Name, new[] { key }.ToEquatableArray()));
            }
        }
        var topic = String(node, "topic", where).Value ?? name;
        var op = String(node, "operation", where).Value?.ToUpperInvariant();
        return new SubscriptionModel(
            name, GraphQLName(name), returnType.Value.Name, args,
            String(node, "description", where).Value, Deprecation(node),
            topic, entityType, op, filters.ToEquatableArray(),
            String(node, "requires_role", where).Value,
            node.Span, node["name"]!.Span, returnType.Value.Span);
    }

    private static IEnumerable<string> JsonPath(string path)
    {
        var p = path.Trim();
        if (p.StartsWith("$", StringComparison.Ordinal))
        {
            p = p.Substring(1);
        }
        return p.Split(new[] { '.' }, StringSplitOptions.RemoveEmptyEntries);
    }

    private ImmutableArray<InjectParamModel> ReadInjectParams(JsonNode? node, string where)
    {
        if (node is null || node.Kind == JsonKind.Null)
        {
            return ImmutableArray<InjectParamModel>.Empty;
        }
        if (node.Kind != JsonKind.Object)
        {
            _diagnostics.Add(DiagnosticInfo.Create("FQL0109", node.Span, where, "inject_params", "must be an object mapping a parameter name to \"jwt:<claim>\""));
            return ImmutableArray<InjectParamModel>.Empty;
        }
        var result = ImmutableArray.CreateBuilder<InjectParamModel>();
        foreach (var p in node.Properties)
        {
            string? source = null;
            string? claim = null;
            if (p.Value.Kind == JsonKind.String)
            {
                var text = p.Value.Text!;
                var colon = text.IndexOf(':');
                if (colon > 0)
                {
                    source = text.Substring(0, colon);
                    claim = text.Substring(colon + 1);
                }
            }
            else if (p.Value.Kind == JsonKind.Object)
            {
                source = p.Value["source"]?.Text;
                claim = p.Value["claim"]?.Text;
            }
            if (source != "jwt" || string.IsNullOrEmpty(claim))
            {
                _diagnostics.Add(DiagnosticInfo.Create("FQL0109", p.Value.Span, where, p.Name, "must be \"jwt:<claim>\" or {\"source\": \"jwt\", \"claim\": \"<claim>\"}"));
                continue;
            }
            result.Add(new InjectParamModel(p.Name, source!, claim!, p.NameSpan));
        }
        return result.ToImmutable();
    }

    // ---- helpers -------------------------------------------------------------------------------

    private void CheckKeys(JsonNode obj, string where, string[] known)
    {
        foreach (var p in obj.Properties)
        {
            if (Array.IndexOf(known, p.Name) < 0)
            {
                _diagnostics.Add(DiagnosticInfo.Create("FQL0100", p.NameSpan, p.Name, where, string.Join(", ", known)));
            }
        }
    }

    private bool IsObject(JsonNode node, string where)
    {
        if (node.Kind == JsonKind.Object)
        {
            return true;
        }
        _diagnostics.Add(DiagnosticInfo.Create("FQL0109", node.Span, where, "item", $"must be an object, not {node.KindName}"));
        return false;
    }

    private static bool IsEmpty(JsonNode node) =>
        node.Kind == JsonKind.Null || node.Kind == JsonKind.False
        || (node.Kind == JsonKind.Array && node.Items.Count == 0)
        || (node.Kind == JsonKind.Object && node.Properties.Count == 0);

    private static FileSpan SpanOfKey(JsonNode obj, string key)
    {
        foreach (var p in obj.Properties)
        {
            if (p.Name == key)
            {
                return p.NameSpan;
            }
        }
        return obj.Span;
    }

    private IEnumerable<JsonNode> Items(JsonNode obj, string key)
    {
        var node = obj[key];
        if (node is null || node.Kind == JsonKind.Null)
        {
            return Array.Empty<JsonNode>();
        }
        if (node.Kind != JsonKind.Array)
        {
            _diagnostics.Add(DiagnosticInfo.Create("FQL0109", node.Span, "schema.json", key, $"must be an array, not {node.KindName}"));
            return Array.Empty<JsonNode>();
        }
        return node.Items;
    }

    private List<NamedReference> Names(JsonNode obj, string key, string where)
    {
        var result = new List<NamedReference>();
        foreach (var item in Items(obj, key))
        {
            if (item.Kind == JsonKind.String)
            {
                result.Add(new NamedReference(item.Text!, item.Span));
            }
            else
            {
                _diagnostics.Add(DiagnosticInfo.Create("FQL0109", item.Span, where, key, $"must hold strings, not {item.KindName}"));
            }
        }
        return result;
    }

    /// <summary>The declared name of a type, field, argument, enum value or operation; FQL0117 when the name it has
    /// in GraphQL (<paramref name="recased"/>: after camelCasing) is not a GraphQL name. The item is still read, so
    /// references to it do not add unknown-type noise; the error stops emission.</summary>
    private string? RequiredName(JsonNode obj, string what, bool recased, bool enumValue = false)
    {
        var name = RequiredString(obj, "name", what);
        if (name is not null)
        {
            CheckName(recased ? GraphQLName(name) : name, obj["name"]!.Span, what, enumValue);
        }
        return name;
    }

    private void CheckName(string graphQLName, FileSpan span, string what, bool enumValue)
    {
        var problem = GraphQLNames.Problem(graphQLName, enumValue);
        if (problem is not null)
        {
            _diagnostics.Add(DiagnosticInfo.Create("FQL0117", span, what, graphQLName, problem));
        }
    }

    private string? RequiredString(JsonNode obj, string key, string what)
    {
        var node = obj[key];
        if (node is { Kind: JsonKind.String } && !string.IsNullOrWhiteSpace(node.Text))
        {
            return node.Text;
        }
        _diagnostics.Add(DiagnosticInfo.Create("FQL0109", node?.Span ?? obj.Span, what, key,
            node is null ? "is required" : $"must be a non-empty string, not {node.KindName}"));
        return null;
    }

    private (string? Value, FileSpan? Span) String(JsonNode obj, string key, string where)
    {
        var node = obj[key];
        if (node is null || node.Kind == JsonKind.Null)
        {
            return (null, null);
        }
        if (node.Kind != JsonKind.String)
        {
            _diagnostics.Add(DiagnosticInfo.Create("FQL0109", node.Span, where, key, $"must be a string, not {node.KindName}"));
            return (null, node.Span);
        }
        return (node.Text, node.Span);
    }

    private bool Bool(JsonNode obj, string key, bool defaultValue) => NullableBool(obj, key) ?? defaultValue;

    private bool? NullableBool(JsonNode obj, string key)
    {
        var node = obj[key];
        switch (node?.Kind)
        {
            case null:
            case JsonKind.Null:
                return null;
            case JsonKind.True:
                return true;
            case JsonKind.False:
                return false;
            default:
                _diagnostics.Add(DiagnosticInfo.Create("FQL0109", node.Span, "schema.json", key, $"must be true or false, not {node.KindName}"));
                return null;
        }
    }
}
