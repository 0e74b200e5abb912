using System;
using System.Collections.Generic;
using System.Linq;
using FraiseQL.Generators.Descriptors;

namespace FraiseQL.Generators.Validation;

internal sealed partial class ServiceModelBuilder
{
    private List<ResolvedQuery> ResolveQueries()
    {
        var result = new List<ResolvedQuery>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var remoteQueries = new HashSet<string>(_config?.Requests.Select(r => r.Query) ?? Enumerable.Empty<string>(), StringComparer.Ordinal);
        foreach (var q in _schema.Queries)
        {
            var where = $"query \"{q.DeclaredName}\"";
            if (!seen.Add(q.Name))
            {
                Report("FQL0104", q.NameSpan, "Query", q.DeclaredName, q.Name);
                continue;
            }
            var returnKind = KindOf(q.ReturnType);
            CheckReturnType(q.ReturnType, q.ReturnTypeSpan, where);
            CheckArguments(q.Arguments, where);
            var isRemote = remoteQueries.Contains(q.DeclaredName) || remoteQueries.Contains(q.Name);
            var quoted = "";
            if (q.SqlSource is null)
            {
                if (!isRemote)
                {
                    Report("FQL0105", q.NameSpan, "Query", q.DeclaredName, "v_" + NameCasing.ToSnake(q.ReturnType), "view", " (or resolve it remotely with [[observers.request]] in fraiseql.toml)");
                }
            }
            else if (!SqlIdentifier.IsValid(q.SqlSource))
            {
                Report("FQL0106", q.SqlSourceSpan, q.SqlSource, $"sql_source of {where}");
            }
            else
            {
                quoted = SqlIdentifier.Quote(q.SqlSource);
            }
            var jsonb = q.JsonbColumn ?? "data";
            if (!SqlIdentifier.IsValid(jsonb, maxParts: 1))
            {
                Report("FQL0106", q.Span, jsonb, $"jsonb_column of {where}");
                jsonb = "data";
            }
            foreach (var view in q.AdditionalViews)
            {
                if (!SqlIdentifier.IsValid(view))
                {
                    Report("FQL0106", q.Span, view, $"additional_views of {where}");
                }
            }
            var relay = q.Relay && CanPage(q, returnKind, where);

            bool where_ = false, orderBy = false, limit = false, offset = false;
            if (q.ReturnsList)
            {
                var defaults = _config?.QueryDefaults ?? _schema.QueryDefaults ?? AutoParamsModel.Inherit;
                where_ = q.AutoParams.Where ?? defaults.Where ?? true;
                orderBy = q.AutoParams.OrderBy ?? defaults.OrderBy ?? true;
                limit = q.AutoParams.Limit ?? defaults.Limit ?? true;
                offset = q.AutoParams.Offset ?? defaults.Offset ?? true;
            }
            // An explicitly declared argument of the same name wins.
            var argNames = new HashSet<string>(q.Arguments.Select(a => a.Name), StringComparer.Ordinal);
            where_ &= !argNames.Contains("where");
            orderBy &= !argNames.Contains("orderBy");
            limit &= !argNames.Contains("limit");
            offset &= !argNames.Contains("offset");
            var derivable = returnKind == "object";
            var inject = ApplyInjectDefaults(ApplyTenancy(q.InjectParams, q.ReturnType, q.NameSpan, $"Query \"{q.DeclaredName}\""), _schema.InjectDefaultsQueries, q.Arguments, where);
            var requiresRole = q.RequiresRole ?? (_objects.TryGetValue(q.ReturnType, out var rt) ? rt.RequiresRole : null);
            if (relay)
            {
                limit = offset = false; // paged by first/after/last/before
            }
            if (offset && returnKind == "object" && q.SqlSource is not null && !HasNativeId(q.ReturnType))
            {
                // the runtime orders such a list only by its orderBy (then by the whole row), never by a key of its own
                Report("FQL0116", q.NameSpan, q.DeclaredName, q.ReturnType);
            }
            var resolved = new ResolvedQuery(
                q,
                NameCasing.ToPascal(q.Name),
                quoted,
                SqlIdentifier.Quote(jsonb),
                where_, orderBy, limit, offset,
                where_ && derivable ? q.ReturnType + "WhereInput" : null,
                orderBy && derivable ? q.ReturnType + "OrderByInput" : null,
                inject,
                requiresRole,
                null);
            if (relay && AsConnection(resolved) is { } connection)
            {
                resolved = connection;
            }
            result.Add(resolved);
            if (q.Count && CountSibling(resolved, derivable, where, seen) is { } count)
            {
                result.Add(count);
            }
        }
        if (NodeQuery(result, seen, remoteQueries) is { } node)
        {
            result.Add(node);
        }
        return result;
    }

    /// <summary>
    /// Whether <paramref name="typeName"/> has an <c>id</c> field the runtime sorts by when a list has no
    /// <c>orderBy</c>: a top-level ID or UUID field stored as <c>id</c>, the view's native id column (the runtime's
    /// <c>NativeId.Applies</c>).
    /// </summary>
    private bool HasNativeId(string typeName) =>
        _objects.TryGetValue(typeName, out var type)
        && type.Fields.Any(f => f.StorageKey == "id" && !GraphQLTypeString.IsList(f.Type) && GraphQLTypeString.NamedType(f.Type) is "ID" or "UUID");

    /// <summary>
    /// FORMATS §1.6, <c>"count": true</c>: a sibling <c>&lt;name&gt;Count(where): Int!</c> that counts the rows the list
    /// query's <c>where</c> selects (the whole set, not a page), with the same view, injected parameters (tenancy) and
    /// role. Needs a list query over a <c>sql_source</c> of an object type, not relay.
    /// </summary>
    private ResolvedQuery? CountSibling(ResolvedQuery list, bool derivable, string where, HashSet<string> seen)
    {
        var q = list.Declared;
        if (!q.ReturnsList || q.SqlSource is null || q.Relay || !derivable)
        {
            Report("FQL0109", q.CountSpan ?? q.NameSpan, where, "count", "needs a list query (returns_list true) of an object type with a sql_source, and not relay");
            return null;
        }
        var name = q.Name + "Count";
        if (!seen.Add(name))
        {
            Report("FQL0104", q.CountSpan ?? q.NameSpan, "Query", name + " (the count sibling of \"" + q.DeclaredName + "\")", name);
            return null;
        }
        var declared = q with
        {
            DeclaredName = q.DeclaredName + "Count",
            Name = name,
            ReturnType = "Int",
            ReturnsList = false,
            Nullable = false,
            Arguments = default,
            Description = $"The number of {q.ReturnType} rows {q.Name} selects with this where (all of them, not one page).",
            Relay = false,
            CacheTtlSeconds = null,
            Count = false,
        };
        return list with
        {
            Declared = declared,
            CSharpName = NameCasing.ToPascal(name),
            HasOrderBy = false,
            HasLimit = false,
            HasOffset = false,
            OrderByInputType = null,
            CountOf = q.ReturnType,
        };
    }

    /// <summary>FORMATS §1.8 row tenancy: operations returning a type with a tenant_id-directive field get
    /// <c>{field: "jwt:&lt;tenant_claim&gt;"}</c> injected when they declare no inject_params; declaring some without
    /// that field is an error.</summary>
    private EquatableArray<InjectParamModel> ApplyTenancy(EquatableArray<InjectParamModel> own, string returnType, FileSpan span, string what)
    {
        if (_config?.TenancyMode != "row" || !_objects.TryGetValue(returnType, out var type))
        {
            return own;
        }
        var column = type.Fields.FirstOrDefault(f => f.IsTenantColumn);
        if (column is null)
        {
            return own;
        }
        if (own.IsEmpty)
        {
            return new[] { new InjectParamModel(column.StorageKey, "jwt", _config.TenantClaim, span) }.ToEquatableArray();
        }
        if (!own.Any(p => p.Name == column.StorageKey))
        {
            Report("FQL0303", span, what, returnType, column.Name, column.StorageKey, _config.TenantClaim);
        }
        return own;
    }

    private EquatableArray<InjectParamModel> ApplyInjectDefaults(EquatableArray<InjectParamModel> own, EquatableArray<InjectParamModel> defaults, EquatableArray<ArgumentModel> args, string where)
    {
        var result = own.ToList();
        foreach (var d in defaults)
        {
            if (!result.Any(r => r.Name == d.Name))
            {
                result.Add(d);
            }
        }
        foreach (var p in result)
        {
            if (args.Any(a => a.StorageKey == p.Name || a.Name == p.Name))
            {
                Report("FQL0109", p.Span, where, p.Name, "is both an argument and an inject_params entry; rename one");
            }
        }
        return result.ToEquatableArray();
    }

    private List<ResolvedMutation> ResolveMutations()
    {
        var result = new List<ResolvedMutation>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var m in _schema.Mutations)
        {
            var where = $"mutation \"{m.DeclaredName}\"";
            if (!seen.Add(m.Name))
            {
                Report("FQL0104", m.NameSpan, "Mutation", m.DeclaredName, m.Name);
                continue;
            }
            CheckReturnType(m.ReturnType, m.ReturnTypeSpan, where);
            CheckArguments(m.Arguments, where);
            var quoted = "";
            if (m.SqlSource is null)
            {
                Report("FQL0105", m.NameSpan, "Mutation", m.DeclaredName, "fn_" + NameCasing.ToSnake(m.DeclaredName), "function", "");
            }
            else if (!SqlIdentifier.IsValid(m.SqlSource))
            {
                Report("FQL0106", m.SqlSourceSpan, m.SqlSource, $"sql_source of {where}");
            }
            else
            {
                quoted = SqlIdentifier.Quote(m.SqlSource);
            }
            foreach (var view in m.InvalidatesViews)
            {
                if (!SqlIdentifier.IsValid(view))
                {
                    Report("FQL0106", m.Span, view, $"invalidates_views of {where}");
                }
            }
            var inject = ApplyInjectDefaults(ApplyTenancy(m.InjectParams, m.ReturnType, m.NameSpan, $"Mutation \"{m.DeclaredName}\""), _schema.InjectDefaultsMutations, m.Arguments, where);
            var parameters = BuildParameters(m, inject);
            var placeholders = string.Join(", ", Enumerable.Range(1, parameters.Count).Select(i => "$" + i));
            var requiresRole = m.RequiresRole ?? (_objects.TryGetValue(m.ReturnType, out var rt) ? rt.RequiresRole : null);
            var declared = m.Cascade ? WithCascadePayload(m, where)
                : _config?.AutoErrorUnion == true && !m.ReturnsList && KindOf(m.ReturnType) == "object" ? WithErrorUnion(m) : m;
            result.Add(new ResolvedMutation(
                declared,
                NameCasing.ToPascal(m.Name),
                quoted,
                $"SELECT * FROM {quoted}({placeholders})",
                parameters.ToEquatableArray(),
                inject,
                requiresRole,
                default));
        }
        return result;
    }

    private static readonly FileSpan NoSpan = new("", 0, 0, 0, 0, 0, 0);

    /// <summary>Registers an object type the generator synthesizes, for lookups and to be emitted with the declared ones.</summary>
    private void AddSynthesizedType(ObjectTypeModel type)
    {
        _kinds[type.Name] = "object";
        _objects[type.Name] = type;
        _synthesizedTypes.Add(type);
    }

    /// <summary>An object type the generator synthesizes: embedded (never filtered, never a cascade entity), no role.</summary>
    private static ObjectTypeModel SynthesizedObject(string name, string description, params FieldModel[] fields) =>
        new(name, description, fields.ToEquatableArray(), default, null, false, false, true, null, NoSpan);

    /// <summary>
    /// A declared type as emitted: with the interfaces the generator makes it implement, <c>CascadeNode</c> (a cascade
    /// entity) and <c>Node</c> (<c>"relay": true</c> on the type), when it does not declare them itself.
    /// </summary>
    private ObjectTypeModel WithSynthesizedInterfaces(ObjectTypeModel t)
    {
        var added = new[] { (CascadeNodeInterface, _cascadeNodeTypes), (NodeInterface, _relayNodeTypes) }
            .Where(x => x.Item2.Contains(t.Name) && !t.Implements.Contains(x.Item1))
            .Select(x => x.Item1)
            .ToList();
        return added.Count == 0 ? t : t with { Implements = t.Implements.Concat(added).ToEquatableArray() };
    }

    /// <summary>A field of a type the generator synthesizes (no position in schema.json, nothing to deny).</summary>
    private static FieldModel SynthesizedField(string name, string storageKey, string type, string description) =>
        new(name, storageKey, type, description, null, null, "reject", false, default, NoSpan, NoSpan);

    /// <summary>
    /// FORMATS §4.4, <c>"cascade": true</c>: the mutation returns <c>&lt;Mutation&gt;Payload {entity: &lt;Type&gt;,
    /// updatedFields: [String!]!, cascade: CascadeUpdates, message: String}</c>, filled from <c>mutation_response</c>'s
    /// entity, updated_fields, cascade and message (the runtime maps that form). <c>CascadeUpdates</c> and the types
    /// below it are synthesized once (ServiceModelBuilder.Cascade.cs).
    /// </summary>
    private MutationModel WithCascadePayload(MutationModel m, string where)
    {
        if (m.ReturnsList || KindOf(m.ReturnType) != "object")
        {
            Report("FQL0109", m.ReturnTypeSpan, where, "cascade", "needs a mutation whose return_type is one object type (returns_list false)");
            return m;
        }
        if (CascadeEntityIdError(m, where))
        {
            return m;
        }
        var payload = NameCasing.ToPascal(m.Name) + "Payload";
        if (_kinds.TryGetValue(payload, out var kind))
        {
            Report("FQL0102", m.NameSpan, payload, $"a {kind} (the payload type \"cascade\": true synthesizes; rename one)");
            return m;
        }
        var fields = new[]
        {
            SynthesizedField("entity", "entity", m.ReturnType, $"The {m.ReturnType} as the mutation left it (null when it failed)."),
            SynthesizedField("updatedFields", "updated_fields", "[String!]!", "The fields the mutation changed (mutation_response.updated_fields)."),
            SynthesizedField("cascade", "cascade", CascadeFieldType(m), "Other entities the mutation changed or deleted, and the queries to invalidate (mutation_response.cascade)."),
            SynthesizedField("message", "message", "String", "The function's message."),
        };
        var type = new ObjectTypeModel(payload, $"Result of {m.Name}: the entity and what else changed.", fields.ToEquatableArray(),
            default, null, false, false, true, null, m.Span);
        AddSynthesizedType(type);
        return m with { ReturnType = payload };
    }

    /// <summary>
    /// FORMATS §1.9, <c>[mutations] auto_error_union = true</c>: an object-returning mutation returns
    /// <c>&lt;Mutation&gt;Result = &lt;Type&gt; | MutationError</c>, with <c>MutationError {status: String!, message: String,
    /// httpStatus: Int, errorClass: String}</c> (an <c>is_error</c> type, synthesized once), so failures come back in
    /// <c>data</c> as a typed object instead of a GraphQL error. A declared <c>MutationError</c> that is an error type is
    /// used as it is.
    /// </summary>
    private MutationModel WithErrorUnion(MutationModel m)
    {
        const string ErrorType = "MutationError";
        if (!_objects.TryGetValue(ErrorType, out var error))
        {
            if (_kinds.TryGetValue(ErrorType, out var kind))
            {
                Report("FQL0102", m.NameSpan, ErrorType, $"a {kind} (the error type auto_error_union synthesizes; rename it)");
                return m;
            }
            error = new ObjectTypeModel(ErrorType, "Why a mutation failed (mutation_response: error class, message, HTTP status).", new[]
            {
                SynthesizedField("status", "status", "String!", "The error class, e.g. validation, not_found, conflict."),
                SynthesizedField("message", "message", "String", "The function's message."),
                SynthesizedField("httpStatus", "http_status", "Int", "The HTTP status the error class maps to."),
                SynthesizedField("errorClass", "error_class", "String", "The error class, as mutation_response reports it."),
            }.ToEquatableArray(), default, null, true, false, true, null, NoSpan);
            AddSynthesizedType(error);
        }
        else if (!error.IsError)
        {
            Report("FQL0102", m.NameSpan, ErrorType, "an object type that is not an error type (auto_error_union needs \"is_error\": true on it, or another name)");
            return m;
        }
        var result = NameCasing.ToPascal(m.Name) + "Result";
        if (_kinds.TryGetValue(result, out var taken))
        {
            Report("FQL0102", m.NameSpan, result, $"a {taken} (the union auto_error_union synthesizes; rename one)");
            return m;
        }
        _kinds[result] = "union";
        _synthesizedUnions.Add(new UnionModel(result, $"What {m.Name} returns: the {m.ReturnType}, or why it failed.",
            new[] { new NamedReference(m.ReturnType, m.ReturnTypeSpan), new NamedReference(ErrorType, m.ReturnTypeSpan) }.ToEquatableArray(), m.Span));
        return m with { ReturnType = result };
    }

    /// <summary>FORMATS §4.1: a single <c>input</c> argument is flattened in its input type's field order, or
    /// passed whole as JSONB (UPDATE, input_style jsonb, JSON/unknown type); otherwise each argument in order;
    /// then inject params.</summary>
    private List<SqlParameterModel> BuildParameters(MutationModel m, EquatableArray<InjectParamModel> inject)
    {
        var result = new List<SqlParameterModel>();
        string Db(string type) => DbTypeMapping.For(type, name => KindOf(name) switch
        {
            "builtin" => null,
            "scalar" => "scalar:" + (_scalars.TryGetValue(name, out var s) ? s.BaseType ?? "" : ""),
            var k => k,
        });
        if (m.Arguments.Count == 1 && m.Arguments[0].StorageKey == "input")
        {
            var arg = m.Arguments[0];
            var inputName = GraphQLTypeString.NamedType(arg.Type);
            var isList = GraphQLTypeString.IsList(arg.Type);
            if (!isList && _inputs.TryGetValue(inputName, out var input) && m.Operation != "Update" && !m.InputAsJsonb)
            {
                foreach (var f in input.Fields)
                {
                    result.Add(new SqlParameterModel("p_" + f.StorageKey, "Argument", new[] { arg.Name, f.Name }.ToEquatableArray(), f.Type, Db(f.Type)));
                }
            }
            else if (!isList && (KindOf(inputName) is "input" or null || inputName == "JSON"))
            {
                result.Add(new SqlParameterModel("p_input", "InputAsJsonb", new[] { arg.Name }.ToEquatableArray(), arg.Type, "NpgsqlDbType.Jsonb"));
            }
            else
            {
                result.Add(new SqlParameterModel("p_input", "Argument", new[] { arg.Name }.ToEquatableArray(), arg.Type, Db(arg.Type)));
            }
        }
        else
        {
            foreach (var a in m.Arguments)
            {
                result.Add(new SqlParameterModel("p_" + a.StorageKey, "Argument", new[] { a.Name }.ToEquatableArray(), a.Type, Db(a.Type)));
            }
        }
        foreach (var p in inject)
        {
            result.Add(new SqlParameterModel("p_" + p.Name, "Injected", new[] { p.Claim }.ToEquatableArray(), "String", "NpgsqlDbType.Unknown"));
        }
        return result;
    }

    private List<ResolvedSubscription> ResolveSubscriptions()
    {
        var result = new List<ResolvedSubscription>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var s in _schema.Subscriptions)
        {
            var where = $"subscription \"{s.DeclaredName}\"";
            if (!seen.Add(s.Name))
            {
                Report("FQL0104", s.NameSpan, "Subscription", s.DeclaredName, s.Name);
                continue;
            }
            CheckReturnType(s.ReturnType, s.ReturnTypeSpan, where);
            if (s.EntityType is not null && KindOf(s.EntityType) is null)
            {
                Report("FQL0101", s.Span, $"entity_type of {where}", s.EntityType);
            }
            CheckArguments(s.Arguments, where);
            foreach (var f in s.Filters)
            {
                if (!s.Arguments.Any(a => a.Name == f.Argument))
                {
                    Report("FQL0109", s.Span, $"filter of {where}", f.Argument, "names no argument of the subscription; declare the argument or fix the name");
                }
            }
            result.Add(new ResolvedSubscription(s, NameCasing.ToPascal(s.Name), default));
        }
        return result;
    }
}
