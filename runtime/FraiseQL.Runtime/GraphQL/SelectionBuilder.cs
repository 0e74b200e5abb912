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
    private static readonly TypeRef NonNullBoolean = TypeRef.Parse("Boolean!");

    private readonly ExecutableSchema _schema;
    private readonly InputCoercer _coercer;
    private readonly IReadOnlyDictionary<string, GraphQLFragmentDefinition> _fragments;
    private readonly Dictionary<string, object?> _variables;
    private readonly DocumentLocations _locations;
    private bool _inRootArguments;

    public SelectionBuilder(InputCoercer coercer, PreparedDocument document, Dictionary<string, object?> variables)
    {
        _schema = coercer.Schema;
        _coercer = coercer;
        _fragments = document.Fragments;
        _variables = variables;
        _locations = document.Locations;
    }

    /// <summary>
    /// True once a variable was read anywhere but in a root field's arguments (a directive, a nested field's argument):
    /// then the shape of the plan, not only its root arguments, depends on the variables' values.
    /// </summary>
    public bool VariablesBelowRoot { get; private set; }

    /// <summary>The root fields of <paramref name="set"/>; <paramref name="rootNodes"/> gets the document node whose arguments each one took.</summary>
    public List<PlannedRootField> BuildRoot(SchemaType rootType, GraphQLSelectionSet set, out List<GraphQLField> rootNodes)
    {
        var groups = new List<FieldGroup>();
        HashSet<string>? visited = null;
        Collect(rootType, set, null, groups, ref visited);
        var result = new List<PlannedRootField>(groups.Count);
        rootNodes = new List<GraphQLField>(groups.Count);
        foreach (var g in groups)
        {
            var def = _schema.FindField(rootType, g.FieldName)!;
            result.Add(new PlannedRootField(Build(g, def, isRoot: true), def));
            rootNodes.Add(g.First);
        }
        return result;
    }

    /// <summary>Coerces the arguments of a root field node with this builder's variables (re-binding a kept plan).</summary>
    public IReadOnlyDictionary<string, object?> CoerceRootArguments(GraphQLField node, SchemaField def)
    {
        _inRootArguments = true;
        try
        {
            return CoerceArguments(node, def);
        }
        finally
        {
            _inRootArguments = false;
        }
    }

    /// <summary>The fields of one response name (merged per spec); almost always one node, so the list is made only for more.</summary>
    private sealed class FieldGroup(string responseName, string fieldName, string? typeCondition, GraphQLField first)
    {
        private List<GraphQLField>? _more;

        public string ResponseName { get; } = responseName;
        public string FieldName { get; } = fieldName;
        public string? TypeCondition { get; } = typeCondition;
        public GraphQLField First { get; } = first;

        public void Add(GraphQLField node) => (_more ??= []).Add(node);

        /// <summary>The nodes after <see cref="First"/>, or null.</summary>
        public List<GraphQLField>? More => _more;
    }

    private static FieldGroup? Find(List<FieldGroup> groups, string responseName, string? typeCondition)
    {
        foreach (var g in groups)
        {
            if (g.ResponseName == responseName && g.TypeCondition == typeCondition)
            {
                return g;
            }
        }
        return null;
    }

    private FieldSelection Build(FieldGroup group, SchemaField def, bool isRoot = false)
    {
        var first = group.First;
        var named = _schema.GetNamed(def.Type);
        IReadOnlyList<FieldSelection> children = [];
        if (named.IsComposite)
        {
            var subGroups = new List<FieldGroup>();
            HashSet<string>? visited = null;
            if (first.SelectionSet is { } firstSet)
            {
                Collect(named, firstSet, null, subGroups, ref visited);
            }
            if (group.More is { } more)
            {
                foreach (var node in more)
                {
                    if (node.SelectionSet is { } set)
                    {
                        Collect(named, set, null, subGroups, ref visited);
                    }
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
            Arguments = isRoot ? CoerceRootArguments(first, def) : CoerceArguments(first, def),
            Selections = children,
            TypeCondition = group.TypeCondition,
            Location = _locations.Of(first),
        };
    }

    /// <param name="visitedFragments">Fragment names spread so far in this selection (made on the first spread).</param>
    private void Collect(SchemaType parent, GraphQLSelectionSet set, string? typeCondition, List<FieldGroup> groups, ref HashSet<string>? visitedFragments)
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
                    if (Find(groups, responseName, typeCondition) is { } group)
                    {
                        group.Add(field);
                    }
                    else
                    {
                        groups.Add(new FieldGroup(responseName, field.Name.StringValue, typeCondition, field));
                    }
                    break;
                case GraphQLInlineFragment inline:
                    CollectFragment(parent, inline.TypeCondition?.Type.Name.StringValue, inline.SelectionSet, typeCondition, groups, ref visitedFragments);
                    break;
                case GraphQLFragmentSpread spread:
                    var name = spread.FragmentName.Name.StringValue;
                    visitedFragments ??= new HashSet<string>(StringComparer.Ordinal);
                    if (!visitedFragments.Add(name) || !_fragments.TryGetValue(name, out var fragment))
                    {
                        continue;
                    }
                    CollectFragment(parent, fragment.TypeCondition.Type.Name.StringValue, fragment.SelectionSet, typeCondition, groups, ref visitedFragments);
                    break;
            }
        }
    }

    private void CollectFragment(SchemaType parent, string? conditionName, GraphQLSelectionSet set, string? typeCondition, List<FieldGroup> groups, ref HashSet<string>? visited)
    {
        if (conditionName is null || conditionName == parent.Name)
        {
            Collect(parent, set, typeCondition, groups, ref visited);
            return;
        }
        var condition = _schema.Types[conditionName];
        if (parent.Kind == SchemaTypeKind.Object)
        {
            // DoesFragmentTypeApply: the object type must be a possible type of the condition
            if (_schema.IsPossibleType(condition, parent))
            {
                Collect(parent, set, typeCondition, groups, ref visited);
            }
            return;
        }
        // abstract parent: fields apply only to objects of the narrower type
        Collect(condition, set, condition.Name, groups, ref visited);
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
            var ifArg = Argument(directive.Arguments, "if");
            var value = ifArg is null ? null : _coercer.FromLiteral(ifArg.Value, NonNullBoolean, ResolveVariable);
            var flag = value is true;
            if ((name == "skip" && flag) || (name == "include" && !flag))
            {
                return false;
            }
        }
        return true;
    }

    private static GraphQLArgument? Argument(GraphQLArguments? arguments, string name)
    {
        if (arguments is null)
        {
            return null;
        }
        foreach (var a in arguments.Items)
        {
            if (a.Name.Value.Span.SequenceEqual(name))
            {
                return a;
            }
        }
        return null;
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
            var provided = Argument(node.Arguments, arg.Name);
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
        if (!_inRootArguments)
        {
            VariablesBelowRoot = true;
        }
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
