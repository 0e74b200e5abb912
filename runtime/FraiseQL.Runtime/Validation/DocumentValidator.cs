using FraiseQL.Execution;
using FraiseQL.GraphQL;
using FraiseQL.Schema;
using GraphQLParser.AST;

namespace FraiseQL.Validation;

/// <summary>
/// Implements every rule of the GraphQL spec's Validation section (§5) against the
/// <see cref="ExecutableSchema"/>: executable definitions; operation name uniqueness, lone anonymous
/// operation, single root field for subscriptions; fields on correct type, field selection merging,
/// leaf field selections; argument names, uniqueness, required arguments; fragment name uniqueness,
/// spread type existence, fragments on composite types, fragments must be used, spread target defined,
/// no cycles, spread is possible; values of correct type, input object field names, uniqueness and
/// required fields; directives defined, in valid locations, unique per location; variable uniqueness,
/// variables are input types, all uses defined, all variables used, all usages allowed; and graphql-js's recommended
/// rule limiting introspection's nested lists. One validator per document (not thread-safe); the result is cached by the document cache.
/// </summary>
internal sealed partial class DocumentValidator
{
    public const string Code = "GRAPHQL_VALIDATION_FAILED";

    /// <summary>
    /// The message for a field the type does not have (§5.3.1). The authorizer and the executor use it too for a root
    /// field the caller's roles hide, so that such a field reads like one that does not exist.
    /// </summary>
    public static string CannotQueryField(string field, string type) => $"Cannot query field \"{field}\" on type \"{type}\".";

    private readonly ExecutableSchema _schema;
    private readonly InputCoercer _coercer;
    private readonly GraphQLDocument _document;
    private readonly DocumentLocations _locations;
    private readonly Func<string, SchemaField, bool>? _isFieldPublic;
    private readonly List<GraphQLError> _errors = [];
    private readonly HashSet<string> _errorKeys = new(StringComparer.Ordinal);
    private readonly Dictionary<string, GraphQLFragmentDefinition> _fragments = new(StringComparer.Ordinal);
    private readonly Dictionary<ASTNode, Scope> _scopes = [];
    private Scope _scope = new();

    private DocumentValidator(ExecutableSchema schema, GraphQLDocument document, DocumentLocations locations, Func<string, SchemaField, bool>? isFieldPublic)
    {
        _isFieldPublic = isFieldPublic;
        _schema = schema;
        _coercer = new InputCoercer(schema);
        _document = document;
        _locations = locations;
    }

    /// <summary>
    /// Validates <paramref name="document"/>; returns the errors (empty when valid). The result is shared by every
    /// caller, so an unknown field's "Available fields" suggestion names only the fields
    /// <paramref name="isFieldPublic"/> says every caller may see (null: all fields).
    /// </summary>
    public static IReadOnlyList<GraphQLError> Validate(ExecutableSchema schema, GraphQLDocument document, DocumentLocations locations, Func<string, SchemaField, bool>? isFieldPublic = null)
    {
        var v = new DocumentValidator(schema, document, locations, isFieldPublic);
        v.Run();
        return v._errors;
    }

    /// <summary>
    /// As <see cref="Validate(ExecutableSchema, GraphQLDocument, DocumentLocations, Func{string, SchemaField, bool}?)"/>;
    /// <paramref name="mergeComparisons"/> is the number of comparisons field selection merging counted against its
    /// budget (<see cref="MergeComparisonBudget"/>), for tests of its cost.
    /// </summary>
    internal static IReadOnlyList<GraphQLError> Validate(ExecutableSchema schema, GraphQLDocument document, DocumentLocations locations, out int mergeComparisons)
    {
        var v = new DocumentValidator(schema, document, locations, null);
        v.Run();
        mergeComparisons = v._mergeComparisons;
        return v._errors;
    }

    /// <summary>Per operation / fragment: variable usages and spreads met while walking it.</summary>
    private sealed class Scope
    {
        public List<(GraphQLVariable Node, TypeRef? LocationType, bool LocationHasDefault)> Usages { get; } = [];
        public List<string> Spreads { get; } = [];
    }

    private void Run()
    {
        var operations = new List<GraphQLOperationDefinition>();
        foreach (var definition in _document.Definitions)
        {
            switch (definition)
            {
                case GraphQLOperationDefinition op:
                    operations.Add(op);
                    break;
                case GraphQLFragmentDefinition fragment:
                    var name = fragment.FragmentName.Name.StringValue;
                    if (!_fragments.TryAdd(name, fragment))
                    {
                        Error($"There can be only one fragment named \"{name}\".", _fragments[name].FragmentName, fragment.FragmentName);
                    }
                    break;
                default:
                    Error($"The {DefinitionKind(definition)} definition is not executable: a request may only contain operations and fragments.", definition);
                    break;
            }
        }
        if (operations.Count == 0)
        {
            Error("The document contains no operation (query, mutation or subscription).", _document.Definitions.Count > 0 ? _document.Definitions[0] : null);
        }
        var names = new Dictionary<string, GraphQLOperationDefinition>(StringComparer.Ordinal);
        foreach (var op in operations)
        {
            if (op.Name is null)
            {
                if (operations.Count > 1)
                {
                    Error("This anonymous operation must be the only defined operation.", op);
                }
            }
            else if (!names.TryAdd(op.Name.StringValue, op))
            {
                Error($"There can be only one operation named \"{op.Name.StringValue}\".", names[op.Name.StringValue].Name, op.Name);
            }
        }
        foreach (var fragment in _fragments.Values)
        {
            if (_document.Definitions.Contains(fragment))
            {
                WalkFragmentDefinition(fragment);
            }
        }
        foreach (var op in operations)
        {
            WalkOperation(op);
        }
        CheckFragmentCycles();
        CheckUnusedFragments(operations);
        foreach (var op in operations)
        {
            CheckVariables(op);
            if (op.Operation == OperationType.Subscription)
            {
                CheckSubscriptionRootField(op);
            }
        }
        CheckFieldMerging(operations);
        CheckIntrospectionDepth(operations);
    }

    private static string DefinitionKind(ASTNode node) => node.Kind switch
    {
        ASTNodeKind.SchemaDefinition or ASTNodeKind.SchemaExtension => "schema",
        ASTNodeKind.DirectiveDefinition => "directive",
        _ => "type",
    };

    private void WalkOperation(GraphQLOperationDefinition op)
    {
        _scope = new Scope();
        _scopes[op] = _scope;
        var location = op.Operation switch
        {
            OperationType.Mutation => "MUTATION",
            OperationType.Subscription => "SUBSCRIPTION",
            _ => "QUERY",
        };
        CheckDirectives(op.Directives, location);
        foreach (var variable in op.Variables?.Items ?? [])
        {
            CheckDirectives(variable.Directives, "VARIABLE_DEFINITION");
        }
        var root = _schema.RootType(op.Operation);
        if (root is null)
        {
            Error($"The schema does not support {op.Operation.ToString().ToLowerInvariant()} operations (no {op.Operation} root type).", op);
            MarkVariablesUsed(op.SelectionSet);
            return;
        }
        WalkSelectionSet(op.SelectionSet, root);
    }

    private void WalkFragmentDefinition(GraphQLFragmentDefinition fragment)
    {
        _scope = new Scope();
        _scopes[fragment] = _scope;
        CheckDirectives(fragment.Directives, "FRAGMENT_DEFINITION");
        var typeName = fragment.TypeCondition.Type.Name.StringValue;
        var type = _schema.FindType(typeName);
        if (type is null)
        {
            Error($"Unknown type \"{typeName}\" in the type condition of fragment \"{fragment.FragmentName.Name.StringValue}\".", fragment.TypeCondition);
            MarkVariablesUsed(fragment.SelectionSet);
            return;
        }
        if (!type.IsComposite)
        {
            Error($"Fragment \"{fragment.FragmentName.Name.StringValue}\" cannot condition on non composite type \"{typeName}\".", fragment.TypeCondition);
            MarkVariablesUsed(fragment.SelectionSet);
            return;
        }
        WalkSelectionSet(fragment.SelectionSet, type);
    }

    private void CheckFragmentCycles()
    {
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 = visiting, 2 = done
        var stack = new List<string>();
        foreach (var name in _fragments.Keys)
        {
            Visit(name);
        }

        void Visit(string name)
        {
            if (state.TryGetValue(name, out var s))
            {
                if (s == 1)
                {
                    var start = stack.IndexOf(name);
                    var cycle = stack.Skip(start).ToList();
                    var via = cycle.Count > 1 ? $" via {string.Join(", ", cycle.Skip(1))}" : "";
                    Error($"Cannot spread fragment \"{name}\" within itself{via}.", _fragments[name].FragmentName);
                }
                return;
            }
            if (!_fragments.TryGetValue(name, out var fragment) || !_scopes.TryGetValue(fragment, out var scope))
            {
                return;
            }
            state[name] = 1;
            stack.Add(name);
            foreach (var spread in scope.Spreads.Distinct(StringComparer.Ordinal))
            {
                Visit(spread);
            }
            stack.RemoveAt(stack.Count - 1);
            state[name] = 2;
        }
    }

    private void CheckUnusedFragments(List<GraphQLOperationDefinition> operations)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var op in operations)
        {
            foreach (var name in ReachableFragments(op))
            {
                used.Add(name);
            }
        }
        foreach (var (name, fragment) in _fragments)
        {
            if (!used.Contains(name))
            {
                Error($"Fragment \"{name}\" is never used.", fragment);
            }
        }
    }

    /// <summary>Fragments spread (transitively) by an operation.</summary>
    private HashSet<string> ReachableFragments(ASTNode root)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>();
        if (_scopes.TryGetValue(root, out var scope))
        {
            foreach (var s in scope.Spreads)
            {
                queue.Enqueue(s);
            }
        }
        while (queue.Count > 0)
        {
            var name = queue.Dequeue();
            if (!seen.Add(name) || !_fragments.TryGetValue(name, out var fragment) || !_scopes.TryGetValue(fragment, out var fs))
            {
                continue;
            }
            foreach (var s in fs.Spreads)
            {
                queue.Enqueue(s);
            }
        }
        return seen;
    }

    private void CheckSubscriptionRootField(GraphQLOperationDefinition op)
    {
        var responseNames = new List<(string ResponseName, string FieldName, ASTNode Node)>();
        var conditionals = new List<ASTNode>();
        CollectRootFields(op.SelectionSet, responseNames, conditionals, new HashSet<string>(StringComparer.Ordinal));
        var label = op.Name is null ? "Anonymous Subscription" : $"Subscription \"{op.Name.StringValue}\"";
        if (conditionals.Count > 0)
        {
            // as the spec's draft and graphql-js 17: whether the one root field is selected must not depend on a
            // directive (until 2026-12-08 a skipped root field failed later with INTERNAL_SERVER_ERROR)
            Error($"{label} must not use `@skip` or `@include` directives in the top level selection.", [.. conditionals]);
            return;
        }
        if (responseNames.Select(r => r.ResponseName).Distinct(StringComparer.Ordinal).Count() > 1)
        {
            Error($"{label} must select only one top level field.", responseNames.Skip(1).Select(r => r.Node).ToArray());
        }
        foreach (var r in responseNames)
        {
            if (r.FieldName.StartsWith("__", StringComparison.Ordinal))
            {
                Error($"{label} must not select an introspection top level field.", r.Node);
            }
        }
    }

    /// <summary>The fields of a subscription's top level (through its fragments), and the <c>@skip</c> and
    /// <c>@include</c> directives on any of its selections.</summary>
    private void CollectRootFields(GraphQLSelectionSet set, List<(string, string, ASTNode)> into, List<ASTNode> conditionals, HashSet<string> visited)
    {
        foreach (var selection in set.Selections)
        {
            if (selection is IHasDirectivesNode { Directives: { } directives })
            {
                conditionals.AddRange(directives.Items.Where(d => d.Name.StringValue is "skip" or "include"));
            }
            switch (selection)
            {
                case GraphQLField f:
                    into.Add(((f.Alias?.Name ?? f.Name).StringValue, f.Name.StringValue, f));
                    break;
                case GraphQLInlineFragment inline:
                    CollectRootFields(inline.SelectionSet, into, conditionals, visited);
                    break;
                case GraphQLFragmentSpread spread:
                    var name = spread.FragmentName.Name.StringValue;
                    if (visited.Add(name) && _fragments.TryGetValue(name, out var fragment))
                    {
                        CollectRootFields(fragment.SelectionSet, into, conditionals, visited);
                    }
                    break;
            }
        }
    }

    /// <summary>
    /// Errors reported at most, as graphql-js's <c>validate</c> (its <c>maxErrors</c>, 100): then one more says so and the
    /// rest are dropped. A small document of many conflicting fields otherwise answered with a hundred thousand errors.
    /// </summary>
    internal const int MaxErrors = 100;

    /// <summary>graphql-js's words for the error that ends the list at <see cref="MaxErrors"/>.</summary>
    internal const string TooManyErrors = "Too many validation errors, error limit reached. Validation aborted.";

    private void Error(string message, params ASTNode?[] nodes)
    {
        if (_errors.Count > MaxErrors)
        {
            return;
        }
        if (_errors.Count == MaxErrors)
        {
            _errors.Add(new GraphQLError(TooManyErrors, Code));
            return;
        }
        var locations = nodes.Where(n => n is not null).Select(n => _locations.Of(n)).ToArray();
        var key = message + "@" + string.Join(";", locations.Select(l => $"{l.Line}:{l.Column}"));
        if (_errorKeys.Add(key))
        {
            _errors.Add(new GraphQLError(message, Code) { Locations = locations });
        }
    }
}
