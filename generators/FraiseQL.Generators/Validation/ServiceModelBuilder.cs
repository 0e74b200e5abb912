using System;
using System.Collections.Generic;
using System.Linq;
using FraiseQL.Generators.Descriptors;
using FraiseQL.Generators.Diagnostics;
using Microsoft.CodeAnalysis;

namespace FraiseQL.Generators.Validation;

/// <summary>Validates a parsed schema.json + fraiseql.toml and resolves them into a <see cref="ServiceModel"/>.
/// Split by concern: types (this file), operations, observers, derived inputs.</summary>
internal sealed partial class ServiceModelBuilder
{
    private static readonly string[] BuiltInScalars = { "String", "Int", "Float", "Boolean", "ID", "DateTime", "Date", "Time", "JSON", "UUID", "Decimal" };

    /// <summary>Class names the emitters use; a schema type with one of these names would collide.</summary>
    private static readonly HashSet<string> ReservedNames = new(StringComparer.Ordinal)
    {
        "Queries", "Mutations", "Subscriptions", "Subjects", "Observers", "Handlers", "Responders",
        "FraiseQLGenerated", "FraiseQLSchema", "FraiseQLGeneratedServiceCollectionExtensions",
    };

    private readonly SchemaModel _schema;
    private readonly ConfigModel? _config;
    private readonly List<DiagnosticInfo> _diagnostics = new();
    /// <summary>Named type → kind: object, enum, input, interface, union, scalar.</summary>
    private readonly Dictionary<string, string> _kinds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ScalarModel> _scalars = new(StringComparer.Ordinal);
    private readonly Dictionary<string, InputTypeModel> _inputs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ObjectTypeModel> _objects = new(StringComparer.Ordinal);
    /// <summary>Object types the generator adds (payloads of <c>"cascade": true</c> mutations), emitted after the declared ones.</summary>
    private readonly List<ObjectTypeModel> _synthesizedTypes = new();
    /// <summary>Unions the generator adds (<c>&lt;Mutation&gt;Result</c> of <c>[mutations] auto_error_union</c>).</summary>
    private readonly List<UnionModel> _synthesizedUnions = new();

    private ServiceModelBuilder(SchemaModel schema, ConfigModel? config)
    {
        _schema = schema;
        _config = config;
    }

    public static ServiceModel Build(SchemaModel schema, ConfigModel? config, string rootNamespace, string fallbackServiceName)
    {
        var builder = new ServiceModelBuilder(schema, config);
        return builder.Run(rootNamespace, fallbackServiceName);
    }

    private ServiceModel Run(string ns, string fallbackServiceName)
    {
        _diagnostics.AddRange(_schema.Diagnostics);
        if (_config is not null)
        {
            _diagnostics.AddRange(_config.Diagnostics);
        }

        if (_schema.Diagnostics.Any(d => d.Id == "FQL0001"))
        {
            // schema.json could not be read: checking fraiseql.toml against it would only add noise.
            return new ServiceModel(ns, fallbackServiceName, _schema.Version, _config?.Text, default, default, default, default, default,
                default, default, default, default, default, default, default, default, default, default, default,
                _diagnostics.ToEquatableArray(), true);
        }

        RegisterTypes();
        CheckTypes();
        var queries = NameMembers(ResolveQueries(), "Queries", "Query", q => (q.CSharpName, q.Declared.DeclaredName, q.Declared.NameSpan), (q, n) => q with { CSharpName = n });
        var mutations = NameMembers(ResolveMutations(), "Mutations", "Mutation", m => (m.CSharpName, m.Declared.DeclaredName, m.Declared.NameSpan), (m, n) => m with { CSharpName = n });
        var subscriptions = NameMembers(ResolveSubscriptions(), "Subscriptions", "Subscription", s => (s.CSharpName, s.Declared.DeclaredName, s.Declared.NameSpan), (s, n) => s with { CSharpName = n });
        // after the queries and mutations: they decide which types the generator makes implement Node and CascadeNode
        foreach (var t in _schema.Types)
        {
            CheckImplementations(t);
            CheckInterfaceFieldScopes(t);
        }
        CheckSecurity();
        var (publishes, handlers, responders, subjects) = ResolveObservers(mutations, subscriptions);
        mutations = AttachPublishes(mutations, publishes);
        subscriptions = AttachSubjects(subscriptions, publishes);
        queries = AttachRemotes(queries);
        var (derivedInputs, derivedEnums) = DeriveInputs(queries);

        var hasErrors = _diagnostics.Any(d => DiagnosticDescriptors.ById[d.Id].DefaultSeverity == DiagnosticSeverity.Error);
        return new ServiceModel(
            ns,
            _config?.ProjectName ?? fallbackServiceName,
            _schema.Version,
            _config?.Text,
            _schema.Types.Select(WithSynthesizedInterfaces).Concat(_synthesizedTypes).Select(SpanStripper.Strip).ToEquatableArray(),
            _schema.Enums.Concat(_synthesizedEnums).Select(SpanStripper.Strip).ToEquatableArray(),
            derivedEnums.Select(SpanStripper.Strip).ToEquatableArray(),
            _schema.InputTypes.Select(SpanStripper.Strip).ToEquatableArray(),
            derivedInputs.Select(SpanStripper.Strip).ToEquatableArray(),
            _schema.Interfaces.Concat(_synthesizedInterfaces).Select(SpanStripper.Strip).ToEquatableArray(),
            _schema.Unions.Concat(_synthesizedUnions).Select(SpanStripper.Strip).ToEquatableArray(),
            _schema.Scalars.Select(SpanStripper.Strip).ToEquatableArray(),
            _schema.Directives.Select(SpanStripper.Strip).ToEquatableArray(),
            queries.Select(SpanStripper.Strip).ToEquatableArray(),
            mutations.Select(SpanStripper.Strip).ToEquatableArray(),
            subscriptions.Select(SpanStripper.Strip).ToEquatableArray(),
            publishes.Select(SpanStripper.Strip).ToEquatableArray(),
            handlers.ToEquatableArray(),
            responders.ToEquatableArray(),
            subjects.ToEquatableArray(),
            _diagnostics.Distinct().ToEquatableArray(),
            hasErrors);
    }

    private void Report(string id, FileSpan? span, params string[] args) => _diagnostics.Add(DiagnosticInfo.Create(id, span, args));

    private void RegisterTypes()
    {
        var seenCSharp = new Dictionary<string, string>(StringComparer.Ordinal);
        void Register(string name, string kind, FileSpan span, bool csharpType)
        {
            if (Array.IndexOf(BuiltInScalars, name) >= 0 || _kinds.ContainsKey(name))
            {
                var other = Array.IndexOf(BuiltInScalars, name) >= 0 ? "a built-in scalar" : "a " + _kinds[name];
                Report("FQL0102", span, name, other);
                return;
            }
            _kinds[name] = kind;
            if (!csharpType)
            {
                return;
            }
            if (NameCasing.IsCSharpKeyword(name))
            {
                Report("FQL0107", span, name, NameCasing.ToPascal(name));
            }
            var pascal = NameCasing.ToPascal(name);
            if (ReservedNames.Contains(pascal))
            {
                Report("FQL0114", span, name);
            }
            if (seenCSharp.TryGetValue(pascal, out var first))
            {
                Report("FQL0108", span, "Types", first, name, pascal);
            }
            else
            {
                seenCSharp[pascal] = name;
            }
        }

        foreach (var t in _schema.Types)
        {
            Register(t.Name, "object", t.Span, true);
            _objects[t.Name] = t;
        }
        foreach (var e in _schema.Enums)
        {
            Register(e.Name, "enum", e.Span, true);
        }
        // the classes and interfaces emitted beside the records: <Enum>Values, I<Interface>, I<Union>
        void RegisterCompanion(string name, string csharp, FileSpan span)
        {
            if (seenCSharp.TryGetValue(csharp, out var first))
            {
                Report("FQL0108", span, "Types (with an enum's <Enum>Values class and the I<Name> marker of an interface or union)", first, name, csharp);
            }
            else
            {
                seenCSharp[csharp] = name;
            }
        }
        foreach (var i in _schema.InputTypes)
        {
            Register(i.Name, "input", i.Span, true);
            _inputs[i.Name] = i;
        }
        foreach (var i in _schema.Interfaces)
        {
            Register(i.Name, "interface", i.Span, false);
        }
        foreach (var u in _schema.Unions)
        {
            Register(u.Name, "union", u.Span, false);
        }
        foreach (var e in _schema.Enums)
        {
            RegisterCompanion(e.Name, NameCasing.ToPascal(e.Name) + "Values", e.Span);
        }
        foreach (var i in _schema.Interfaces)
        {
            RegisterCompanion(i.Name, "I" + NameCasing.ToPascal(i.Name), i.Span);
        }
        foreach (var u in _schema.Unions)
        {
            RegisterCompanion(u.Name, "I" + NameCasing.ToPascal(u.Name), u.Span);
        }
        foreach (var s in _schema.Scalars)
        {
            Register(s.Name, "scalar", s.Span, false);
            _scalars[s.Name] = s;
        }
    }

    /// <summary>Kind of a named type: "builtin", object, enum, input, interface, union, scalar, or null if unknown.</summary>
    private string? KindOf(string name) =>
        Array.IndexOf(BuiltInScalars, name) >= 0 ? "builtin" : _kinds.TryGetValue(name, out var k) ? k : null;

    private bool IsInputKind(string? kind) => kind is "builtin" or "enum" or "input" or "scalar";

    private bool IsOutputKind(string? kind) => kind is "builtin" or "enum" or "object" or "interface" or "union" or "scalar";

    private void CheckTypeRef(string type, FileSpan span, string where, bool input) =>
        CheckNamedType(GraphQLTypeString.NamedType(type), span, where, input);

    /// <summary>An operation's <c>return_type</c>: a bare type name (the list is <c>returns_list</c>).</summary>
    private void CheckReturnType(string returnType, FileSpan span, string where) =>
        CheckNamedType(returnType, span, $"return_type of {where}", input: false);

    private void CheckNamedType(string named, FileSpan span, string where, bool input)
    {
        var kind = KindOf(named);
        if (kind is null)
        {
            Report("FQL0101", span, where, named);
        }
        else if (input ? !IsInputKind(kind) : !IsOutputKind(kind))
        {
            Report("FQL0118", span, where, named, KindPhrase(kind),
                input ? "an argument or an input field takes a scalar, an enum or an input type" : "a field or a return_type takes a scalar, an enum, an object type, an interface or a union",
                input ? $"Declare an input type in input_types with the fields the client sends (e.g. \"{named}Input\") and use it here." : "Declare an object type in types with the fields it returns and use it here.");
        }
    }

    private static string KindPhrase(string kind) => kind switch
    {
        "object" => "an object type",
        "input" => "an input type",
        "interface" => "an interface",
        "union" => "a union",
        _ => "a " + kind,
    };

    private void CheckTypes()
    {
        foreach (var t in _schema.Types)
        {
            CheckFields(t.Name, "Type", t.Fields);
            foreach (var i in t.Implements)
            {
                if (KindOf(i) != "interface")
                {
                    Report("FQL0101", t.Span, $"type \"{t.Name}\" implements", i);
                }
            }
        }
        foreach (var i in _schema.Interfaces)
        {
            CheckFields(i.Name, "Interface", i.Fields);
        }
        foreach (var u in _schema.Unions)
        {
            foreach (var m in u.MemberTypes)
            {
                if (KindOf(m.Name) != "object")
                {
                    Report("FQL0101", m.Span, $"union \"{u.Name}\" member", m.Name);
                }
            }
        }
        foreach (var input in _schema.InputTypes)
        {
            var seen = new Dictionary<string, string>(StringComparer.Ordinal);
            var pascal = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var f in input.Fields)
            {
                if (seen.ContainsKey(f.Name))
                {
                    Report("FQL0103", f.Span, $"Input type \"{input.Name}\"", f.Name, f.Name);
                    continue;
                }
                seen[f.Name] = f.Name;
                var p = CSharpMemberNames.Property(f.Name, NameCasing.ToPascal(input.Name));
                if (pascal.TryGetValue(p, out var other))
                {
                    Report("FQL0108", f.Span, $"Fields of input type \"{input.Name}\"", other, f.Name, p);
                }
                pascal[p] = f.Name;
                CheckTypeRef(f.Type, f.TypeSpan, $"field \"{f.Name}\" of input type \"{input.Name}\"", input: true);
            }
        }
        foreach (var e in _schema.Enums)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var pascal = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var v in e.Values)
            {
                if (!seen.Add(v.Name))
                {
                    Report("FQL0103", v.Span, $"Enum \"{e.Name}\"", v.Name, v.Name);
                    continue;
                }
                var p = EnumMemberName(v.Name);
                if (pascal.TryGetValue(p, out var other))
                {
                    Report("FQL0108", v.Span, $"Values of enum \"{e.Name}\"", other, v.Name, p);
                }
                pascal[p] = v.Name;
            }
        }
    }

    /// <summary>C# enum member: <c>IN_PROGRESS</c> → <c>InProgress</c>, <c>inProgress</c> → <c>InProgress</c>.</summary>
    public static string EnumMemberName(string value)
    {
        var allUpper = true;
        foreach (var c in value)
        {
            if (c >= 'a' && c <= 'z')
            {
                allUpper = false;
                break;
            }
        }
        return NameCasing.ToPascal(allUpper ? value.ToLowerInvariant() : value);
    }

    private void CheckFields(string owner, string ownerKind, EquatableArray<FieldModel> fields)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pascal = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var f in fields)
        {
            if (!seen.Add(f.Name))
            {
                Report("FQL0103", f.Span, $"{ownerKind} \"{owner}\"", f.Name, f.Name);
                continue;
            }
            var p = ownerKind == "Type" ? CSharpMemberNames.Property(f.Name, NameCasing.ToPascal(owner)) : NameCasing.ToPascal(f.Name);
            if (pascal.TryGetValue(p, out var other))
            {
                Report("FQL0108", f.Span, $"Fields of {ownerKind.ToLowerInvariant()} \"{owner}\"", other, f.Name, p);
            }
            pascal[p] = f.Name;
            CheckTypeRef(f.Type, f.TypeSpan, $"field \"{f.Name}\" of {ownerKind.ToLowerInvariant()} \"{owner}\"", input: false);
        }
    }

    private void CheckArguments(EquatableArray<ArgumentModel> args, string where)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var a in args)
        {
            if (!seen.Add(a.Name))
            {
                Report("FQL0103", a.Span, where, a.Name, a.Name);
            }
            CheckTypeRef(a.Type, a.TypeSpan, $"argument \"{a.Name}\" of {where}", input: true);
        }
    }

    private void CheckSecurity()
    {
        if (_config is null || _config.RoleDefinitions.IsEmpty)
        {
            return;
        }
        var defined = new HashSet<string>(StringComparer.Ordinal);
        foreach (var r in _config.RoleDefinitions)
        {
            if (!defined.Add(r.Name))
            {
                Report("FQL0300", r.Span, r.Name);
            }
        }
        var list = string.Join(", ", defined.OrderBy(x => x, StringComparer.Ordinal));
        void Check(string? role, FileSpan span, string what)
        {
            if (role is not null && !defined.Contains(role))
            {
                Report("FQL0301", span, what, role, list);
            }
        }
        foreach (var t in _schema.Types)
        {
            Check(t.RequiresRole, t.Span, $"Type \"{t.Name}\"");
        }
        foreach (var q in _schema.Queries)
        {
            Check(q.RequiresRole, q.NameSpan, $"Query \"{q.DeclaredName}\"");
        }
        foreach (var m in _schema.Mutations)
        {
            Check(m.RequiresRole, m.NameSpan, $"Mutation \"{m.DeclaredName}\"");
        }
        foreach (var s in _schema.Subscriptions)
        {
            Check(s.RequiresRole, s.NameSpan, $"Subscription \"{s.DeclaredName}\"");
        }
    }
}
