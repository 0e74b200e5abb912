using FraiseQL.GraphQL;
using FraiseQL.Schema;
using GraphQLParser.AST;

namespace FraiseQL.Validation;

/// <summary>§5.3.2 Field selection merging (FieldsInSetCanMerge / SameResponseShape).</summary>
internal sealed partial class DocumentValidator
{
    /// <summary>Pair comparisons allowed per document; beyond it the document is rejected as too complex to validate.</summary>
    private const int MergeComparisonBudget = 200_000;

    private int _mergeComparisons;

    private sealed record FieldEntry(SchemaType Parent, GraphQLField Node, SchemaField? Definition);

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
        var groups = new Dictionary<string, List<FieldEntry>>(StringComparer.Ordinal);
        Collect(set, parent, groups, new HashSet<string>(StringComparer.Ordinal));
        FindConflicts(groups, false);
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

    private void Collect(GraphQLSelectionSet set, SchemaType parent, Dictionary<string, List<FieldEntry>> into, HashSet<string> visited)
    {
        foreach (var selection in set.Selections)
        {
            switch (selection)
            {
                case GraphQLField f:
                    var responseName = (f.Alias?.Name ?? f.Name).StringValue;
                    if (!into.TryGetValue(responseName, out var list))
                    {
                        into[responseName] = list = [];
                    }
                    list.Add(new FieldEntry(parent, f, _schema.FindField(parent, f.Name.StringValue)));
                    break;
                case GraphQLInlineFragment inline:
                    var inlineType = inline.TypeCondition is null ? parent : _schema.FindType(inline.TypeCondition.Type.Name.StringValue);
                    if (inlineType is { IsComposite: true })
                    {
                        Collect(inline.SelectionSet, inlineType, into, visited);
                    }
                    break;
                case GraphQLFragmentSpread spread:
                    var name = spread.FragmentName.Name.StringValue;
                    if (visited.Add(name) && _fragments.TryGetValue(name, out var fragment)
                        && _schema.FindType(fragment.TypeCondition.Type.Name.StringValue) is { IsComposite: true } fragmentType)
                    {
                        Collect(fragment.SelectionSet, fragmentType, into, visited);
                    }
                    break;
            }
        }
    }

    private void FindConflicts(Dictionary<string, List<FieldEntry>> groups, bool parentsExclusive)
    {
        foreach (var (responseName, fields) in groups)
        {
            for (var i = 0; i < fields.Count; i++)
            {
                for (var j = i + 1; j < fields.Count; j++)
                {
                    if (ReferenceEquals(fields[i].Node, fields[j].Node))
                    {
                        continue;
                    }
                    if (++_mergeComparisons > MergeComparisonBudget)
                    {
                        if (_mergeComparisons == MergeComparisonBudget + 1)
                        {
                            Error("The document is too complex to validate (field merging); reduce repeated fragments and overlapping selections.", _document.Definitions.FirstOrDefault());
                        }
                        return;
                    }
                    CheckPair(responseName, fields[i], fields[j], parentsExclusive);
                }
            }
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
            if (!SameArguments(a.Node.Arguments, b.Node.Arguments))
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
        var merged = new Dictionary<string, List<FieldEntry>>(StringComparer.Ordinal);
        Collect(a.Node.SelectionSet, typeA, merged, new HashSet<string>(StringComparer.Ordinal));
        Collect(b.Node.SelectionSet, typeB, merged, new HashSet<string>(StringComparer.Ordinal));
        FindConflicts(merged, exclusive);
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

    private static bool SameArguments(GraphQLArguments? a, GraphQLArguments? b)
    {
        var la = a?.Items ?? [];
        var lb = b?.Items ?? [];
        if (la.Count != lb.Count)
        {
            return false;
        }
        foreach (var arg in la)
        {
            var other = lb.FirstOrDefault(x => x.Name.StringValue == arg.Name.StringValue);
            if (other is null || ValuePrinter.Print(other.Value) != ValuePrinter.Print(arg.Value))
            {
                return false;
            }
        }
        return true;
    }
}
