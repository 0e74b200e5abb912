using System.Runtime.CompilerServices;
using FraiseQL.GraphQL;
using FraiseQL.Schema;
using GraphQLParser.AST;

namespace FraiseQL.Validation;

/// <summary>
/// §5.3.2 Field selection merging (FieldsInSetCanMerge / SameResponseShape), organised like graphql-js's
/// OverlappingFieldsCanBeMergedRule: each selection set's fields (inline fragments expanded) and the names of the
/// fragments it spreads are collected once; fragments are compared by name instead of being expanded again at every
/// use, a fragment is not compared with itself, and a pair of fragments, or a set of fields and a fragment, is compared
/// once (again only when it was first compared as mutually exclusive and now is not). Every comparison made, memoized
/// ones included, is counted against <see cref="MergeComparisonBudget"/>, so the work is bounded whatever the document.
/// </summary>
internal sealed partial class DocumentValidator
{
    /// <summary>
    /// Comparisons allowed per document (pairs of fields; response names looked up in another selection's fields;
    /// fields against a fragment and fragment against fragment, memoized or not); beyond it the document is rejected
    /// as too complex to validate.
    /// </summary>
    internal const int MergeComparisonBudget = 200_000;

    private const string MergeBudgetMessage = "The document is too complex to validate (field merging); reduce repeated fragments and overlapping selections.";

    private readonly Dictionary<GraphQLSelectionSet, FieldsAndFragments> _fieldsAndFragments = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<(string, string), bool> _comparedFragmentPairs = [];
    private readonly Dictionary<(FieldsAndFragments, string), bool> _comparedFieldsAndFragmentPairs = [];
    private readonly Dictionary<GraphQLField, (string Name, string Value)[]> _argumentSignatures = new(ReferenceEqualityComparer.Instance);
    private int _mergeComparisons;
    private bool _mergeBudgetSpent;

    private sealed record FieldEntry(SchemaType Parent, GraphQLField Node, SchemaField? Definition);

    /// <summary>A selection set's fields by response name (inline fragments expanded) and the fragments it spreads (not expanded).</summary>
    private sealed class FieldsAndFragments
    {
        public Dictionary<string, List<FieldEntry>> Fields { get; } = new(StringComparer.Ordinal);

        public List<string> FragmentNames { get; } = [];

        public HashSet<string> FragmentNameSet { get; } = new(StringComparer.Ordinal);
    }

    private void CheckFieldMerging(List<GraphQLOperationDefinition> operations)
    {
        foreach (var op in operations)
        {
            if (_schema.RootType(op.Operation) is { } root)
            {
                CheckSetAndNested(op.SelectionSet, root);
            }
        }
        foreach (var fragment in _fragments.Values)
        {
            if (_schema.FindType(fragment.TypeCondition.Type.Name.StringValue) is { IsComposite: true } type)
            {
                CheckSetAndNested(fragment.SelectionSet, type);
            }
        }
    }

    private void CheckSetAndNested(GraphQLSelectionSet set, SchemaType parent)
    {
        if (_mergeBudgetSpent)
        {
            return;
        }
        FindConflictsWithin(FieldsAndFragmentsOf(set, parent));
        WalkNestedSets(set, parent);
    }

    private void WalkNestedSets(GraphQLSelectionSet set, SchemaType parent)
    {
        foreach (var selection in set.Selections)
        {
            switch (selection)
            {
                case GraphQLField f when f.SelectionSet is not null:
                    if (_schema.FindField(parent, f.Name.StringValue) is { } def && _schema.GetNamed(def.Type) is { IsComposite: true } type)
                    {
                        CheckSetAndNested(f.SelectionSet, type);
                    }
                    break;
                case GraphQLInlineFragment inline:
                    var t = inline.TypeCondition is null ? parent : _schema.FindType(inline.TypeCondition.Type.Name.StringValue);
                    if (t is { IsComposite: true })
                    {
                        WalkNestedSets(inline.SelectionSet, t);
                    }
                    break;
            }
        }
    }

    /// <summary>The fields and fragment names of <paramref name="set"/> (whose fields are on <paramref name="parent"/>), collected once per set.</summary>
    private FieldsAndFragments FieldsAndFragmentsOf(GraphQLSelectionSet set, SchemaType parent)
    {
        if (!_fieldsAndFragments.TryGetValue(set, out var collected))
        {
            collected = new FieldsAndFragments();
            Collect(set, parent, collected);
            _fieldsAndFragments[set] = collected;
        }
        return collected;
    }

    /// <summary>The fields and fragment names of the fragment named <paramref name="name"/>; null when it is unknown or not on a composite type.</summary>
    private FieldsAndFragments? FragmentFieldsAndFragments(string name) =>
        _fragments.TryGetValue(name, out var fragment) && _schema.FindType(fragment.TypeCondition.Type.Name.StringValue) is { IsComposite: true } type
            ? FieldsAndFragmentsOf(fragment.SelectionSet, type)
            : null;

    private void Collect(GraphQLSelectionSet set, SchemaType parent, FieldsAndFragments into)
    {
        foreach (var selection in set.Selections)
        {
            switch (selection)
            {
                case GraphQLField f:
                    var responseName = (f.Alias?.Name ?? f.Name).StringValue;
                    if (!into.Fields.TryGetValue(responseName, out var list))
                    {
                        into.Fields[responseName] = list = [];
                    }
                    list.Add(new FieldEntry(parent, f, _schema.FindField(parent, f.Name.StringValue)));
                    break;
                case GraphQLInlineFragment inline:
                    var inlineType = inline.TypeCondition is null ? parent : _schema.FindType(inline.TypeCondition.Type.Name.StringValue);
                    if (inlineType is { IsComposite: true })
                    {
                        Collect(inline.SelectionSet, inlineType, into);
                    }
                    break;
                case GraphQLFragmentSpread spread:
                    var name = spread.FragmentName.Name.StringValue;
                    if (into.FragmentNameSet.Add(name))
                    {
                        into.FragmentNames.Add(name);
                    }
                    break;
            }
        }
    }

    /// <summary>
    /// Counts one comparison against the budget. False once it is spent: the error is reported (once) and every
    /// comparison still to come is skipped.
    /// </summary>
    private bool Charge()
    {
        if (_mergeBudgetSpent)
        {
            return false;
        }
        if (++_mergeComparisons <= MergeComparisonBudget)
        {
            return true;
        }
        SpendMergeBudget();
        return false;
    }

    private void SpendMergeBudget()
    {
        if (!_mergeBudgetSpent)
        {
            _mergeBudgetSpent = true;
            Error(MergeBudgetMessage, _document.Definitions.FirstOrDefault());
        }
    }

    /// <summary>
    /// graphql-js's PairSet: true, recording the pair, unless it was compared already with the same exclusivity or as
    /// not mutually exclusive (that comparison checks all a mutually exclusive one does, and more).
    /// </summary>
    private static bool FirstComparison<TKey>(Dictionary<TKey, bool> compared, TKey pair, bool exclusive)
        where TKey : notnull
    {
        if (compared.TryGetValue(pair, out var wasExclusive) && (exclusive || !wasExclusive))
        {
            return false;
        }
        compared[pair] = exclusive;
        return true;
    }

    /// <summary>The fields of one selection set with each other, then with the fragments it spreads, and those fragments with each other.</summary>
    private void FindConflictsWithin(FieldsAndFragments set)
    {
        foreach (var (responseName, fields) in set.Fields)
        {
            for (var i = 0; i < fields.Count; i++)
            {
                for (var j = i + 1; j < fields.Count; j++)
                {
                    if (!Charge())
                    {
                        return;
                    }
                    CheckPair(responseName, fields[i], fields[j], false);
                }
            }
        }
        var names = set.FragmentNames;
        for (var i = 0; i < names.Count && !_mergeBudgetSpent; i++)
        {
            if (set.Fields.Count > 0)
            {
                FindConflictsBetweenFieldsAndFragment(set, names[i], false);
            }
            for (var j = i + 1; j < names.Count && !_mergeBudgetSpent; j++)
            {
                FindConflictsBetweenFragments(names[i], names[j], false);
            }
        }
    }

    /// <summary>The sub-selections of two fields of the same response name: fields with fields, fields with the other side's fragments, fragments with fragments.</summary>
    private void FindConflictsBetweenSubSelections(FieldsAndFragments a, FieldsAndFragments b, bool exclusive)
    {
        FindConflictsBetween(a.Fields, b.Fields, exclusive);
        // (a selection of fragment spreads alone has no fields to compare with the other side's fragments)
        for (var i = 0; i < b.FragmentNames.Count && a.Fields.Count > 0 && !_mergeBudgetSpent; i++)
        {
            FindConflictsBetweenFieldsAndFragment(a, b.FragmentNames[i], exclusive);
        }
        for (var i = 0; i < a.FragmentNames.Count && b.Fields.Count > 0 && !_mergeBudgetSpent; i++)
        {
            FindConflictsBetweenFieldsAndFragment(b, a.FragmentNames[i], exclusive);
        }
        for (var i = 0; i < a.FragmentNames.Count && !_mergeBudgetSpent; i++)
        {
            for (var j = 0; j < b.FragmentNames.Count && !_mergeBudgetSpent; j++)
            {
                FindConflictsBetweenFragments(a.FragmentNames[i], b.FragmentNames[j], exclusive);
            }
        }
    }

    /// <summary>Each field of <paramref name="a"/> with each field of <paramref name="b"/> of the same response name.</summary>
    private void FindConflictsBetween(Dictionary<string, List<FieldEntry>> a, Dictionary<string, List<FieldEntry>> b, bool exclusive)
    {
        var aIsSmaller = a.Count <= b.Count;
        foreach (var (responseName, smaller) in aIsSmaller ? a : b)
        {
            if (!Charge())
            {
                return;
            }
            if (!(aIsSmaller ? b : a).TryGetValue(responseName, out var larger))
            {
                continue;
            }
            var (fieldsA, fieldsB) = aIsSmaller ? (smaller, larger) : (larger, smaller);
            foreach (var fieldA in fieldsA)
            {
                foreach (var fieldB in fieldsB)
                {
                    if (!Charge())
                    {
                        return;
                    }
                    CheckPair(responseName, fieldA, fieldB, exclusive);
                }
            }
        }
    }

    /// <summary>
    /// The fields of <paramref name="set"/> with those of the fragment named <paramref name="fragmentName"/> and of
    /// every fragment it spreads, directly or not; each fragment once per set and exclusivity.
    /// </summary>
    private void FindConflictsBetweenFieldsAndFragment(FieldsAndFragments set, string fragmentName, bool exclusive)
    {
        if (!Charge())
        {
            return;
        }
        Stack<string>? pending = null;
        var name = fragmentName;
        while (true)
        {
            if (FirstComparison(_comparedFieldsAndFragmentPairs, (set, name), exclusive)
                && FragmentFieldsAndFragments(name) is { } fragment
                && !ReferenceEquals(fragment, set))
            {
                FindConflictsBetween(set.Fields, fragment.Fields, exclusive);
                for (var i = fragment.FragmentNames.Count - 1; i >= 0; i--)
                {
                    if (!Charge())
                    {
                        return;
                    }
                    (pending ??= new Stack<string>()).Push(fragment.FragmentNames[i]);
                }
            }
            if (pending is null || !pending.TryPop(out name))
            {
                return;
            }
        }
    }

    /// <summary>
    /// The fields of two fragments, and of the fragments each spreads with the other, directly or not; each pair of
    /// fragments once per exclusivity, and never a fragment with itself.
    /// </summary>
    private void FindConflictsBetweenFragments(string fragmentName1, string fragmentName2, bool exclusive)
    {
        if (!Charge())
        {
            return;
        }
        Stack<(string, string)>? pending = null;
        var (name1, name2) = (fragmentName1, fragmentName2);
        while (true)
        {
            if (name1 != name2
                && FirstComparison(_comparedFragmentPairs, string.CompareOrdinal(name1, name2) < 0 ? (name1, name2) : (name2, name1), exclusive)
                && FragmentFieldsAndFragments(name1) is { } fragment1
                && FragmentFieldsAndFragments(name2) is { } fragment2)
            {
                FindConflictsBetween(fragment1.Fields, fragment2.Fields, exclusive);
                for (var i = fragment1.FragmentNames.Count - 1; i >= 0; i--)
                {
                    if (!Charge())
                    {
                        return;
                    }
                    (pending ??= new Stack<(string, string)>()).Push((fragment1.FragmentNames[i], name2));
                }
                for (var i = fragment2.FragmentNames.Count - 1; i >= 0; i--)
                {
                    if (!Charge())
                    {
                        return;
                    }
                    (pending ??= new Stack<(string, string)>()).Push((name1, fragment2.FragmentNames[i]));
                }
            }
            if (pending is null || !pending.TryPop(out var next))
            {
                return;
            }
            (name1, name2) = next;
        }
    }

    private void CheckPair(string responseName, FieldEntry a, FieldEntry b, bool parentsExclusive)
    {
        var exclusive = parentsExclusive
            || (!ReferenceEquals(a.Parent, b.Parent) && a.Parent.Kind == SchemaTypeKind.Object && b.Parent.Kind == SchemaTypeKind.Object);
        const string Hint = " Use different aliases on the fields to fetch both if this was intentional.";
        if (!exclusive)
        {
            var nameA = a.Node.Name.StringValue;
            var nameB = b.Node.Name.StringValue;
            if (nameA != nameB)
            {
                Error($"Fields \"{responseName}\" conflict because \"{nameA}\" and \"{nameB}\" are different fields.{Hint}", a.Node, b.Node);
                return;
            }
            if (!SameArguments(a.Node, b.Node))
            {
                Error($"Fields \"{responseName}\" conflict because they have differing arguments.{Hint}", a.Node, b.Node);
                return;
            }
        }
        if (a.Definition is null || b.Definition is null)
        {
            return;
        }
        if (TypesConflict(a.Definition.Type, b.Definition.Type))
        {
            Error($"Fields \"{responseName}\" conflict because they return conflicting types \"{a.Definition.Type}\" and \"{b.Definition.Type}\".{Hint}", a.Node, b.Node);
            return;
        }
        if (a.Node.SelectionSet is null || b.Node.SelectionSet is null)
        {
            return;
        }
        var typeA = _schema.GetNamed(a.Definition.Type);
        var typeB = _schema.GetNamed(b.Definition.Type);
        if (!typeA.IsComposite || !typeB.IsComposite)
        {
            return;
        }
        // fragments nested through one another can make the comparison deeper than the document: too complex too
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            SpendMergeBudget();
            return;
        }
        FindConflictsBetweenSubSelections(FieldsAndFragmentsOf(a.Node.SelectionSet, typeA), FieldsAndFragmentsOf(b.Node.SelectionSet, typeB), exclusive);
    }

    private bool TypesConflict(TypeRef a, TypeRef b)
    {
        if (a.IsNonNull || b.IsNonNull)
        {
            return !(a.IsNonNull && b.IsNonNull) || TypesConflict(a.OfType!, b.OfType!);
        }
        if (a.IsList || b.IsList)
        {
            return !(a.IsList && b.IsList) || TypesConflict(a.OfType!, b.OfType!);
        }
        var na = _schema.FindType(a.Name!);
        var nb = _schema.FindType(b.Name!);
        if (na is { IsLeaf: true } || nb is { IsLeaf: true })
        {
            return a.Name != b.Name;
        }
        return false;
    }

    /// <summary>Whether two fields have the same arguments with the same (printed) values, in any order.</summary>
    private bool SameArguments(GraphQLField a, GraphQLField b)
    {
        var sa = ArgumentSignature(a);
        var sb = ArgumentSignature(b);
        if (sa.Length != sb.Length)
        {
            return false;
        }
        for (var i = 0; i < sa.Length; i++)
        {
            if (sa[i] != sb[i])
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>A field's arguments as (name, printed value), sorted; printed once per field.</summary>
    private (string Name, string Value)[] ArgumentSignature(GraphQLField field)
    {
        if (!_argumentSignatures.TryGetValue(field, out var signature))
        {
            signature = (field.Arguments?.Items ?? []).Select(arg => (arg.Name.StringValue, ValuePrinter.Print(arg.Value))).ToArray();
            Array.Sort(signature, static (x, y) =>
            {
                var byName = string.CompareOrdinal(x.Name, y.Name);
                return byName != 0 ? byName : string.CompareOrdinal(x.Value, y.Value);
            });
            _argumentSignatures[field] = signature;
        }
        return signature;
    }
}
