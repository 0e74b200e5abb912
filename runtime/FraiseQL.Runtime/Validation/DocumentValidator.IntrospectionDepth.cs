using GraphQLParser.AST;

namespace FraiseQL.Validation;

internal sealed partial class DocumentValidator
{
    /// <summary>Introspection list fields (<c>fields</c>, <c>interfaces</c>, <c>possibleTypes</c>, <c>inputFields</c>) nested this deep are refused.</summary>
    private const int MaxIntrospectionListDepth = 3;

    /// <summary>
    /// graphql-js's MaxIntrospectionDepthRule (one of its specified rules since 16.9): an introspection query that nests
    /// the list fields of <c>__Type</c> three deep (<c>__schema { types { fields { type { fields { type { fields …</c>)
    /// is "Maximum introspection depth exceeded". Such a query is never needed (GraphiQL's and code generators' go one
    /// deep) and its answer grows exponentially with the nesting: 154 bytes of query answered 18 MB on a schema of a
    /// dozen related types. Each (fragment, depth) is checked once, so the walk is linear in the document.
    /// </summary>
    private void CheckIntrospectionDepth(List<GraphQLOperationDefinition> operations)
    {
        var checkedFragments = new HashSet<(string Fragment, int Depth)>();
        var visiting = new HashSet<string>(StringComparer.Ordinal);
        foreach (var op in operations)
        {
            foreach (var field in IntrospectionRoots(op.SelectionSet, new HashSet<string>(StringComparer.Ordinal)))
            {
                if (ExceedsIntrospectionDepth(field, 0, checkedFragments, visiting))
                {
                    Error("Maximum introspection depth exceeded", field);
                }
            }
        }
    }

    /// <summary>The <c>__schema</c> and <c>__type</c> fields of a root selection set, through fragments.</summary>
    private IEnumerable<GraphQLField> IntrospectionRoots(GraphQLSelectionSet? selectionSet, HashSet<string> seenFragments)
    {
        foreach (var selection in selectionSet?.Selections ?? [])
        {
            switch (selection)
            {
                case GraphQLField { Name.StringValue: "__schema" or "__type" } field:
                    yield return field;
                    break;
                case GraphQLInlineFragment inline:
                    foreach (var field in IntrospectionRoots(inline.SelectionSet, seenFragments))
                    {
                        yield return field;
                    }
                    break;
                case GraphQLFragmentSpread spread when seenFragments.Add(spread.FragmentName.Name.StringValue)
                    && _fragments.TryGetValue(spread.FragmentName.Name.StringValue, out var fragment):
                    foreach (var field in IntrospectionRoots(fragment.SelectionSet, seenFragments))
                    {
                        yield return field;
                    }
                    break;
            }
        }
    }

    /// <summary>Whether <paramref name="node"/> nests introspection lists too deep, <paramref name="depth"/> of them being above it.</summary>
    private bool ExceedsIntrospectionDepth(ASTNode node, int depth, HashSet<(string Fragment, int Depth)> checkedFragments, HashSet<string> visiting)
    {
        GraphQLSelectionSet? selectionSet;
        switch (node)
        {
            case GraphQLFragmentSpread spread:
            {
                var name = spread.FragmentName.Name.StringValue;
                // a fragment found within the limit at this depth stays so; a cycle is reported by its own rule, and an
                // unknown fragment too
                if (checkedFragments.Contains((name, depth)) || !_fragments.TryGetValue(name, out var fragment) || !visiting.Add(name))
                {
                    return false;
                }
                try
                {
                    var exceeds = ExceedsIntrospectionDepth(fragment, depth, checkedFragments, visiting);
                    if (!exceeds)
                    {
                        checkedFragments.Add((name, depth));
                    }
                    return exceeds;
                }
                finally
                {
                    visiting.Remove(name);
                }
            }
            case GraphQLField field:
                if (field.Name.StringValue is "fields" or "interfaces" or "possibleTypes" or "inputFields" && ++depth >= MaxIntrospectionListDepth)
                {
                    return true;
                }
                selectionSet = field.SelectionSet;
                break;
            case GraphQLInlineFragment inline:
                selectionSet = inline.SelectionSet;
                break;
            case GraphQLFragmentDefinition definition:
                selectionSet = definition.SelectionSet;
                break;
            default:
                return false;
        }
        foreach (var child in selectionSet?.Selections ?? [])
        {
            if (ExceedsIntrospectionDepth(child, depth, checkedFragments, visiting))
            {
                return true;
            }
        }
        return false;
    }
}
