using FraiseQL.GraphQL;
using FraiseQL.Schema;
using GraphQLParser.AST;

namespace FraiseQL.Validation;

internal sealed partial class DocumentValidator
{
    private void CheckVariables(GraphQLOperationDefinition op)
    {
        var opLabel = op.Name is null ? "the anonymous operation" : $"operation \"{op.Name.StringValue}\"";
        var defined = new Dictionary<string, (GraphQLVariableDefinition Node, TypeRef? Type)>(StringComparer.Ordinal);
        foreach (var def in op.Variables?.Items ?? [])
        {
            var name = def.Variable.Name.StringValue;
            TypeRef? type = TypeRefs.FromAst(def.Type);
            var named = _schema.FindType(type.NamedType);
            if (named is null)
            {
                Error($"Unknown type \"{type.NamedType}\" for variable \"${name}\".", def.Type);
                type = null;
            }
            else if (!named.IsInput)
            {
                Error($"Variable \"${name}\" cannot be non-input type \"{type}\".", def.Type);
                type = null;
            }
            if (!defined.TryAdd(name, (def, type)))
            {
                Error($"There can be only one variable named \"${name}\".", defined[name].Node.Variable, def.Variable);
                continue;
            }
            if (def.DefaultValue is not null && type is not null)
            {
                try
                {
                    _coercer.FromLiteral(def.DefaultValue, type, (v, _, _) => throw new InputCoercionException($"Default values cannot reference variables (${v.Name.StringValue}).", v));
                }
                catch (InputCoercionException ex)
                {
                    Error($"Variable \"${name}\" of type \"{type}\" has an invalid default value {ValuePrinter.Print(def.DefaultValue)}: {ex.Message}", ex.Node ?? def.DefaultValue);
                }
            }
        }

        var usages = new List<(GraphQLVariable Node, TypeRef? LocationType, bool LocationHasDefault)>();
        if (_scopes.TryGetValue(op, out var scope))
        {
            usages.AddRange(scope.Usages);
        }
        foreach (var name in ReachableFragments(op))
        {
            if (_fragments.TryGetValue(name, out var fragment) && _scopes.TryGetValue(fragment, out var fs))
            {
                usages.AddRange(fs.Usages);
            }
        }

        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (node, locationType, locationHasDefault) in usages)
        {
            var name = node.Name.StringValue;
            used.Add(name);
            if (!defined.TryGetValue(name, out var def))
            {
                Error($"Variable \"${name}\" is not defined by {opLabel}.", node, op);
                continue;
            }
            if (def.Type is null || locationType is null)
            {
                continue;
            }
            var variableType = def.Type;
            if (locationType.IsNonNull && !variableType.IsNonNull)
            {
                var hasNonNullDefault = def.Node.DefaultValue is not null and not GraphQLNullValue;
                if (!hasNonNullDefault && !locationHasDefault)
                {
                    Error($"Variable \"${name}\" of type \"{variableType}\" used in position expecting type \"{locationType}\".", def.Node, node);
                    continue;
                }
                if (!TypeRefs.AreCompatible(variableType, locationType.OfType!))
                {
                    Error($"Variable \"${name}\" of type \"{variableType}\" used in position expecting type \"{locationType}\".", def.Node, node);
                }
                continue;
            }
            if (!TypeRefs.AreCompatible(variableType, locationType))
            {
                Error($"Variable \"${name}\" of type \"{variableType}\" used in position expecting type \"{locationType}\".", def.Node, node);
            }
        }
        foreach (var (name, def) in defined)
        {
            if (!used.Contains(name))
            {
                Error($"Variable \"${name}\" is never used in {opLabel}.", def.Node);
            }
        }
    }
}
