using System.Collections.Frozen;
using FraiseQL.GraphQL;
using FraiseQL.Schema;
using GraphQLParser.AST;

namespace FraiseQL.Validation;

internal sealed partial class DocumentValidator
{
    private void WalkSelectionSet(GraphQLSelectionSet set, SchemaType parent)
    {
        foreach (var selection in set.Selections)
        {
            switch (selection)
            {
                case GraphQLField field:
                    WalkField(field, parent);
                    break;
                case GraphQLFragmentSpread spread:
                    WalkSpread(spread, parent);
                    break;
                case GraphQLInlineFragment inline:
                    WalkInlineFragment(inline, parent);
                    break;
            }
        }
    }

    private void WalkField(GraphQLField node, SchemaType parent)
    {
        CheckDirectives(node.Directives, "FIELD");
        var name = node.Name.StringValue;
        var field = _schema.FindField(parent, name);
        if (field is null)
        {
            var suggestion = parent.Kind == SchemaTypeKind.Union
                ? $" Use a fragment on one of {string.Join(", ", parent.PossibleTypes)} (or __typename)."
                : AvailableFields(parent);
            Error(CannotQueryField(name, parent.Name) + suggestion, node);
            MarkArgumentsUsed(node.Arguments);
            if (node.SelectionSet is not null)
            {
                MarkVariablesUsed(node.SelectionSet);
            }
            return;
        }
        CheckArguments(node.Arguments, field.ArgumentList, field.Arguments, $"field \"{parent.Name}.{name}\"", node);
        var type = _schema.GetNamed(field.Type);
        if (type.IsLeaf)
        {
            if (node.SelectionSet is not null)
            {
                Error($"Field \"{name}\" must not have a selection since type \"{field.Type}\" has no subfields.", node.SelectionSet);
                MarkVariablesUsed(node.SelectionSet);
            }
        }
        else if (node.SelectionSet is null || node.SelectionSet.Selections.Count == 0)
        {
            Error($"Field \"{name}\" of type \"{field.Type}\" must have a selection of subfields. Did you mean \"{name} {{ ... }}\"?", node);
        }
        else
        {
            WalkSelectionSet(node.SelectionSet, type);
        }
    }

    /// <summary>" Available fields: …" with the fields of <paramref name="parent"/> every caller may see, or "".</summary>
    private string AvailableFields(SchemaType parent)
    {
        if (!parent.IsComposite)
        {
            return "";
        }
        var names = parent.FieldList.Where(f => _isFieldPublic?.Invoke(parent.Name, f) ?? true).Select(f => f.Name).Take(30).ToList();
        return names.Count > 0 ? $" Available fields: {string.Join(", ", names)}." : "";
    }

    private void WalkSpread(GraphQLFragmentSpread spread, SchemaType parent)
    {
        CheckDirectives(spread.Directives, "FRAGMENT_SPREAD");
        var name = spread.FragmentName.Name.StringValue;
        _scope.Spreads.Add(name);
        if (!_fragments.TryGetValue(name, out var fragment))
        {
            Error($"Unknown fragment \"{name}\".", spread.FragmentName);
            return;
        }
        var fragmentType = _schema.FindType(fragment.TypeCondition.Type.Name.StringValue);
        if (fragmentType is { IsComposite: true } && !TypeRefs.Overlap(_schema, parent, fragmentType))
        {
            Error($"Fragment \"{name}\" cannot be spread here as objects of type \"{parent.Name}\" can never be of type \"{fragmentType.Name}\".", spread);
        }
    }

    private void WalkInlineFragment(GraphQLInlineFragment inline, SchemaType parent)
    {
        CheckDirectives(inline.Directives, "INLINE_FRAGMENT");
        var type = parent;
        if (inline.TypeCondition is not null)
        {
            var typeName = inline.TypeCondition.Type.Name.StringValue;
            var found = _schema.FindType(typeName);
            if (found is null)
            {
                Error($"Unknown type \"{typeName}\".", inline.TypeCondition);
                MarkVariablesUsed(inline.SelectionSet);
                return;
            }
            if (!found.IsComposite)
            {
                Error($"Fragment cannot condition on non composite type \"{typeName}\".", inline.TypeCondition);
                MarkVariablesUsed(inline.SelectionSet);
                return;
            }
            if (!TypeRefs.Overlap(_schema, parent, found))
            {
                Error($"Fragment cannot be spread here as objects of type \"{parent.Name}\" can never be of type \"{found.Name}\".", inline);
            }
            type = found;
        }
        WalkSelectionSet(inline.SelectionSet, type);
    }

    private void CheckArguments(
        GraphQLArguments? arguments,
        IReadOnlyList<SchemaInputValue> definitions,
        FrozenDictionary<string, SchemaInputValue> byName,
        string owner,
        ASTNode ownerNode)
    {
        var seen = new Dictionary<string, GraphQLArgument>(StringComparer.Ordinal);
        foreach (var arg in arguments?.Items ?? [])
        {
            var name = arg.Name.StringValue;
            if (!seen.TryAdd(name, arg))
            {
                Error($"There can be only one argument named \"{name}\".", seen[name].Name, arg.Name);
                continue;
            }
            if (!byName.TryGetValue(name, out var def))
            {
                var known = definitions.Count == 0 ? "it takes no arguments" : "known arguments: " + string.Join(", ", definitions.Select(d => d.Name));
                Error($"Unknown argument \"{name}\" on {owner} ({known}).", arg);
                MarkValueVariablesUsed(arg.Value);
                continue;
            }
            CheckValue(arg.Value, def.Type, def.DefaultValueJson is not null, $"Argument \"{name}\" of {owner}");
        }
        foreach (var def in definitions)
        {
            if (def.Type.IsNonNull && def.DefaultValueJson is null && !seen.ContainsKey(def.Name))
            {
                Error($"Argument \"{def.Name}\" of type \"{def.Type}\" is required on {owner}, but it was not provided.", ownerNode);
            }
        }
    }

    /// <summary>§5.6 values: coerces the literal in validation mode; variable usages are recorded with their location type.</summary>
    private void CheckValue(GraphQLValue value, TypeRef type, bool locationHasDefault, string what)
    {
        try
        {
            _coercer.FromLiteral(value, type, Record, locationHasDefault);
        }
        catch (InputCoercionException ex)
        {
            Error($"{what} has an invalid value {ValuePrinter.Print(value)}: {ex.Message}", ex.Node ?? value);
            MarkValueVariablesUsed(value);
        }

        object? Record(GraphQLVariable variable, TypeRef locationType, bool hasDefault)
        {
            _scope.Usages.Add((variable, locationType, hasDefault));
            return InputCoercer.Unresolved;
        }
    }

    private void CheckDirectives(GraphQLDirectives? directives, string location)
    {
        if (directives is null)
        {
            return;
        }
        var seen = new Dictionary<string, GraphQLDirective>(StringComparer.Ordinal);
        foreach (var directive in directives.Items)
        {
            var name = directive.Name.StringValue;
            if (!_schema.Directives.TryGetValue(name, out var def))
            {
                Error($"Unknown directive \"@{name}\" (known: {string.Join(", ", _schema.DirectiveList.Select(d => "@" + d.Name))}).", directive);
                MarkArgumentsUsed(directive.Arguments);
                continue;
            }
            if (!def.Locations.Contains(location, StringComparer.Ordinal))
            {
                Error($"Directive \"@{name}\" may not be used on {location}.", directive);
            }
            if (!def.IsRepeatable && !seen.TryAdd(name, directive))
            {
                Error($"The directive \"@{name}\" can only be used once at this location.", seen[name], directive);
            }
            CheckArguments(directive.Arguments, def.ArgumentList, def.Arguments, $"directive \"@{name}\"", directive);
        }
    }

    private void MarkArgumentsUsed(GraphQLArguments? arguments)
    {
        foreach (var arg in arguments?.Items ?? [])
        {
            MarkValueVariablesUsed(arg.Value);
        }
    }

    /// <summary>Records variables used under a subtree whose types are unknown (after an error), so they are not also reported as unused.</summary>
    private void MarkVariablesUsed(GraphQLSelectionSet set)
    {
        foreach (var selection in set.Selections)
        {
            if (selection is IHasDirectivesNode withDirectives && withDirectives.Directives is { } ds)
            {
                foreach (var d in ds.Items)
                {
                    MarkArgumentsUsed(d.Arguments);
                }
            }
            switch (selection)
            {
                case GraphQLField f:
                    MarkArgumentsUsed(f.Arguments);
                    if (f.SelectionSet is not null)
                    {
                        MarkVariablesUsed(f.SelectionSet);
                    }
                    break;
                case GraphQLInlineFragment i:
                    MarkVariablesUsed(i.SelectionSet);
                    break;
                case GraphQLFragmentSpread s:
                    _scope.Spreads.Add(s.FragmentName.Name.StringValue);
                    break;
            }
        }
    }

    private void MarkValueVariablesUsed(GraphQLValue value)
    {
        switch (value)
        {
            case GraphQLVariable v:
                _scope.Usages.Add((v, null, false));
                break;
            case GraphQLListValue l:
                foreach (var item in l.Values ?? [])
                {
                    MarkValueVariablesUsed(item);
                }
                break;
            case GraphQLObjectValue o:
                foreach (var f in o.Fields ?? [])
                {
                    MarkValueVariablesUsed(f.Value);
                }
                break;
        }
    }
}
