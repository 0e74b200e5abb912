using System;
using System.Collections.Generic;
using System.Linq;
using FraiseQL.Generators.Descriptors;

namespace FraiseQL.Generators.Validation;

internal sealed partial class ServiceModelBuilder
{
    private static readonly string[] ComparisonOps = { "eq", "neq", "gt", "gte", "lt", "lte" };
    private static readonly string[] TextOps =
    {
        "contains", "icontains", "startswith", "istartswith", "endswith", "iendswith",
        "like", "ilike", "nlike", "nilike", "regex", "iregex", "nregex", "niregex",
    };
    /// <summary>Full-text search on a String (FORMATS D §3.3): <c>to_tsvector(value) @@ to_tsquery(…)</c> and its plainto_/phraseto_/websearch_to_ variants.</summary>
    private static readonly string[] FullTextOps = { "matches", "plain_query", "phrase_query", "websearch_query" };
    private static readonly string[] ArrayOps = { "array_contains", "array_contained_by", "array_overlaps" };
    private static readonly string[] LengthOps = { "len_eq", "len_neq", "len_gt", "len_gte", "len_lt", "len_lte" };

    /// <summary>FORMATS §1.5: <c>XWhereInput</c> (recursively for nested objects), leaf <c>*Filter</c>s,
    /// <c>*ListFilter</c>s, <c>XOrderByInput</c> and <c>SortDirection</c>, in name order.</summary>
    private (List<InputTypeModel> Inputs, List<EnumModel> Enums) DeriveInputs(List<ResolvedQuery> queries)
    {
        var derived = new SortedDictionary<string, InputTypeModel>(StringComparer.Ordinal);
        var enums = new List<EnumModel>();
        var none = NoSpan;
        var pending = new Queue<string>();
        foreach (var q in queries)
        {
            if (q.WhereInputType is not null)
            {
                pending.Enqueue(q.Relay?.Entity ?? q.Declared.ReturnType);
            }
        }
        var done = new HashSet<string>(StringComparer.Ordinal);
        while (pending.Count > 0)
        {
            var entity = pending.Dequeue();
            if (!done.Add(entity) || !_objects.TryGetValue(entity, out var type))
            {
                continue;
            }
            var whereName = entity + "WhereInput";
            var fields = new List<InputFieldModel>();
            foreach (var f in type.Fields)
            {
                if (!f.Arguments.IsEmpty)
                {
                    continue;
                }
                var named = GraphQLTypeString.NamedType(f.Type);
                var kind = KindOf(named);
                string? filterType;
                if (GraphQLTypeString.IsList(f.Type))
                {
                    filterType = named + "ListFilter";
                    AddListFilter(derived, named, kind, none);
                }
                else if (kind == "object")
                {
                    filterType = named + "WhereInput";
                    pending.Enqueue(named);
                }
                else if (kind is "builtin" or "enum" or "scalar")
                {
                    filterType = named + "Filter";
                    AddLeafFilter(derived, named, kind, none);
                }
                else
                {
                    continue;
                }
                fields.Add(new InputFieldModel(f.Name, f.StorageKey, filterType, null, null, null, none, none));
            }
            fields.Add(new InputFieldModel("_and", "_and", $"[{whereName}!]", null, "All of these conditions.", null, none, none));
            fields.Add(new InputFieldModel("_or", "_or", $"[{whereName}!]", null, "Any of these conditions.", null, none, none));
            fields.Add(new InputFieldModel("_not", "_not", whereName, null, "Not this condition.", null, none, none));
            Add(derived, new InputTypeModel(whereName, $"Filter on {entity}.", fields.ToEquatableArray(), true, entity, none));
        }

        var needsSort = false;
        foreach (var q in queries)
        {
            if (q.OrderByInputType is null)
            {
                continue;
            }
            needsSort = true;
            Add(derived, new InputTypeModel(q.OrderByInputType, $"Sort order for {q.Relay?.Entity ?? q.Declared.ReturnType}.", new[]
            {
                new InputFieldModel("field", "field", "String!", null, "Field to sort by (GraphQL name).", null, none, none),
                new InputFieldModel("direction", "direction", "SortDirection", "\"ASC\"", null, null, none, none),
            }.ToEquatableArray(), true, null, none));
        }
        if (needsSort)
        {
            if (_kinds.ContainsKey("SortDirection"))
            {
                Report("FQL0102", none, "SortDirection", "the derived sort enum");
            }
            enums.Add(new EnumModel("SortDirection", "Sort direction.", new[]
            {
                new EnumValueModel("ASC", "ASC", "Ascending.", null, none),
                new EnumValueModel("DESC", "DESC", "Descending.", null, none),
            }.ToEquatableArray(), none));
        }
        return (derived.Values.ToList(), enums);
    }

    private void Add(SortedDictionary<string, InputTypeModel> derived, InputTypeModel input)
    {
        if (derived.ContainsKey(input.Name))
        {
            return;
        }
        if (_kinds.TryGetValue(input.Name, out var kind))
        {
            var declared = _schema.Types.Select(t => (t.Name, t.Span)).Concat(_schema.InputTypes.Select(t => (t.Name, t.Span)))
                .Concat(_schema.Enums.Select(t => (t.Name, t.Span))).FirstOrDefault(t => t.Name == input.Name);
            Report("FQL0102", declared.Name is null ? null : declared.Span, input.Name, $"a derived filter input (declared here as a {kind}; rename it)");
            return;
        }
        derived[input.Name] = input;
    }

    private void AddLeafFilter(SortedDictionary<string, InputTypeModel> derived, string leaf, string? kind, FileSpan none)
    {
        var name = leaf + "Filter";
        if (derived.ContainsKey(name))
        {
            return;
        }
        var fields = new List<InputFieldModel>();
        foreach (var op in ComparisonOps)
        {
            fields.Add(new InputFieldModel(op, op, leaf, null, null, null, none, none));
        }
        fields.Add(new InputFieldModel("in", "in", $"[{leaf}!]", null, null, null, none, none));
        fields.Add(new InputFieldModel("nin", "nin", $"[{leaf}!]", null, null, null, none, none));
        fields.Add(new InputFieldModel("isnull", "isnull", "Boolean", null, null, null, none, none));
        fields.Add(new InputFieldModel("is_not_null", "is_not_null", "Boolean", null, null, null, none, none));
        if (leaf is "String" or "ID" || kind == "scalar")
        {
            foreach (var op in TextOps)
            {
                fields.Add(new InputFieldModel(op, op, "String", null, null, null, none, none));
            }
        }
        if (leaf == "String")
        {
            foreach (var op in FullTextOps)
            {
                fields.Add(new InputFieldModel(op, op, "String", null, null, null, none, none));
            }
        }
        if (leaf == "JSON")
        {
            foreach (var op in ArrayOps.Concat(new[] { "strictly_contains" }))
            {
                fields.Add(new InputFieldModel(op, op, "JSON", null, null, null, none, none));
            }
            foreach (var op in LengthOps)
            {
                fields.Add(new InputFieldModel(op, op, "Int", null, null, null, none, none));
            }
        }
        Add(derived, new InputTypeModel(name, $"Conditions on a {leaf} value.", fields.ToEquatableArray(), true, null, none));
    }

    private void AddListFilter(SortedDictionary<string, InputTypeModel> derived, string inner, string? kind, FileSpan none)
    {
        var name = inner + "ListFilter";
        if (derived.ContainsKey(name))
        {
            return;
        }
        var elementType = kind is "builtin" or "enum" or "scalar" ? $"[{inner}!]" : "JSON";
        var fields = new List<InputFieldModel>();
        foreach (var op in ArrayOps)
        {
            fields.Add(new InputFieldModel(op, op, elementType, null, null, null, none, none));
        }
        foreach (var op in LengthOps)
        {
            fields.Add(new InputFieldModel(op, op, "Int", null, null, null, none, none));
        }
        fields.Add(new InputFieldModel("isnull", "isnull", "Boolean", null, null, null, none, none));
        fields.Add(new InputFieldModel("is_not_null", "is_not_null", "Boolean", null, null, null, none, none));
        Add(derived, new InputTypeModel(name, $"Conditions on a list of {inner}.", fields.ToEquatableArray(), true, null, none));
    }
}
