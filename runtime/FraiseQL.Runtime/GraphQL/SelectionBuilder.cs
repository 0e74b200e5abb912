using FraiseQL.Execution;
using FraiseQL.Schema;
using FraiseQL.Validation;
using GraphQLParser.AST;

namespace FraiseQL.GraphQL;

/// <summary>
/// Spec §6.3.2 CollectFields for a validated operation: applies @skip/@include, flattens fragments
/// and inline fragments, merges fields with the same response name, coerces arguments (variables
/// substituted, defaults applied, enums as storage values) and produces <see cref="FieldSelection"/> trees.
/// Fields selected through a fragment on a narrower type than the parent carry its name in
/// <see cref="FieldSelection.TypeCondition"/>.
/// </summary>
internal sealed class SelectionBuilder
{
    private readonly ExecutableSchema _schema;
    private readonly InputCoercer _coercer;
    private readonly IReadOnlyDictionary<string, GraphQLFragmentDefinition> _fragments;
    private readonly Dictionary<string, object?> _variables;
    private readonly DocumentLocations _locations;

    public SelectionBuilder(InputCoercer coercer, PreparedDocument document, Dictionary<string, object?> variables)
    {
        _schema = coercer.Schema;
        _coercer = coercer;
        _fragments = document.Fragments;
        _variables = variables;
        _locations = document.Locations;
    }

    public List<PlannedRootField> BuildRoot(SchemaType rootType, GraphQLSelectionSet set)
    {
        var groups = new List<FieldGroup>();
        Collect(rootType, set, null, groups, new HashSet<string>(StringComparer.Ordinal));
        var result = new List<PlannedRootField>(groups.Count);
        foreach (var g in groups)
        {
            var def = _schema.FindField(rootType, g.FieldName)!;
            result.Add(new PlannedRootField(Build(g, def), def));
        }
        return result;
    }

    private sealed class FieldGroup(string responseName, string fieldName, string? typeCondition, SchemaType parent)
    {
        public string ResponseName { get; } = responseName;
        public string FieldName { get; } = fieldName;
        public string? TypeCondition { get; } = typeCondition;
        public SchemaType Parent { get; } = parent;
        public List<GraphQLField> Nodes { get; } = [];
    }

    private FieldSelection Build(FieldGroup group, SchemaField def)
    {
        var first = group.Nodes[0];
        var named = _schema.GetNamed(def.Type);
        IReadOnlyList<FieldSelection> children = [];
        if (named.IsComposite)
        {
            var subGroups = new List<FieldGroup>();
            var visited = new HashSet<string>(StringComparer.Ordinal);
            foreach (var node in group.Nodes)
            {
                if (node.SelectionSet is not null)
                {
                    Collect(named, node.SelectionSet, null, subGroups, visited);
                }
            }
            var list = new List<FieldSelection>(subGroups.Count);
            foreach (var g in subGroups)
            {
                var parent = g.TypeCondition is null ? named : _schema.Types[g.TypeCondition];
                var childDef = _schema.FindField(parent, g.FieldName);
                if (childDef is not null)
                {
                    list.Add(Build(g, childDef));
                }
            }
            children = list;
        }
        return new FieldSelection
        {
            ResponseName = group.ResponseName,
            FieldName = group.FieldName,
            Arguments = CoerceArguments(first, def),
            Selections = children,
            TypeCondition = group.TypeCondition,
            Location = _locations.Of(first),
        };
    }

    private void Collect(SchemaType parent, GraphQLSelectionSet set, string? typeCondition, List<FieldGroup> groups, HashSet<string> visitedFragments)
    {
        foreach (var selection in set.Selections)
        {
            if (selection is IHasDirectivesNode d && !ShouldInclude(d.Directives))
            {
                continue;
            }
            switch (selection)
            {
                case GraphQLField field:
                    var responseName = (field.Alias?.Name ?? field.Name).StringValue;
                    var group = groups.Find(g => g.ResponseName == responseName && g.TypeCondition == typeCondition);
                    if (group is null)
                    {
                        group = new FieldGroup(responseName, field.Name.StringValue, typeCondition, parent);
                        groups.Add(group);
                    }
                    group.Nodes.Add(field);
                    break;
                case GraphQLInlineFragment inline:
                    CollectFragment(parent, inline.TypeCondition?.Type.Name.StringValue, inline.SelectionSet, typeCondition, groups, visitedFragments);
                    break;
                case GraphQLFragmentSpread spread:
                    var name = spread.FragmentName.Name.StringValue;
                    if (!visitedFragments.Add(name) || !_fragments.TryGetValue(name, out var fragment))
                    {
                        continue;
                    }
                    CollectFragment(parent, fragment.TypeCondition.Type.Name.StringValue, fragment.SelectionSet, typeCondition, groups, visitedFragments);
                    break;
            }
        }
    }

    private void CollectFragment(SchemaType parent, string? conditionName, GraphQLSelectionSet set, string? typeCondition, List<FieldGroup> groups, HashSet<string> visited)
    {
        if (conditionName is null || conditionName == parent.Name)
        {
            Collect(parent, set, typeCondition, groups, visited);
            return;
        }
        var condition = _schema.Types[conditionName];
        if (parent.Kind == SchemaTypeKind.Object)
        {
            // DoesFragmentTypeApply: the object type must be a possible type of the condition
            if (_schema.IsPossibleType(condition, parent))
            {
                Collect(parent, set, typeCondition, groups, visited);
            }
            return;
        }
        // abstract parent: fields apply only to objects of the narrower type
        Collect(condition, set, condition.Name, groups, visited);
    }

    private bool ShouldInclude(GraphQLDirectives? directives)
    {
        if (directives is null)
        {
            return true;
        }
        foreach (var directive in directives.Items)
        {
            var name = directive.Name.StringValue;
            if (name is not ("skip" or "include"))
            {
                continue;
            }
            var ifArg = directive.Arguments?.Items.FirstOrDefault(a => a.Name.StringValue == "if");
            var value = ifArg is null ? null : _coercer.FromLiteral(ifArg.Value, TypeRef.Parse("Boolean!"), ResolveVariable);
            var flag = value is true;
            if ((name == "skip" && flag) || (name == "include" && !flag))
            {
                return false;
            }
        }
        return true;
    }

    private IReadOnlyDictionary<string, object?> CoerceArguments(GraphQLField node, SchemaField def)
    {
        if (def.ArgumentList.Count == 0)
        {
            return FieldSelection.EmptyArguments;
        }
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var arg in def.ArgumentList)
        {
            var provided = node.Arguments?.Items.FirstOrDefault(a => a.Name.StringValue == arg.Name);
            object? value = InputCoercer.Absent;
            if (provided is not null)
            {
                value = _coercer.FromLiteral(provided.Value, arg.Type, ResolveVariable, arg.DefaultValueJson is not null);
            }
            if (ReferenceEquals(value, InputCoercer.Absent))
            {
                if (arg.DefaultValueJson is not null)
                {
                    result[arg.Name] = _coercer.FromDefaultJson(arg.DefaultValueJson, arg.Type);
                }
                else if (arg.Type.IsNonNull)
                {
                    throw new InputCoercionException($"Argument \"{arg.Name}\" of required type \"{arg.Type}\" was not provided.", node);
                }
                continue;
            }
            if (value is null && arg.Type.IsNonNull)
            {
                throw new InputCoercionException($"Argument \"{arg.Name}\" of non-null type \"{arg.Type}\" must not be null.", node);
            }
            result[arg.Name] = value;
        }
        return result;
    }

    private object? ResolveVariable(GraphQLVariable variable, TypeRef locationType, bool locationHasDefault)
    {
        if (!_variables.TryGetValue(variable.Name.StringValue, out var value))
        {
            return InputCoercer.Absent;
        }
        if (value is null && locationType.IsNonNull)
        {
            throw new InputCoercionException($"Variable \"${variable.Name.StringValue}\" must not be null here: the position expects \"{locationType}\".", variable);
        }
        return value;
    }
}
