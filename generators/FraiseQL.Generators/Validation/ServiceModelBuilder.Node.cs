using System;
using System.Collections.Generic;
using System.Linq;
using FraiseQL.Generators.Descriptors;

namespace FraiseQL.Generators.Validation;

/// <summary>
/// FORMATS §1.5, <c>"relay": true</c> on a type: Relay's global object identification. The type implements the
/// <c>Node</c> interface (<c>id: ID!</c>, synthesized unless schema.json declares one), and the root query
/// <c>node(id: ID!): Node</c> finds any such object by id: one statement over the views of every Node type (the
/// type's <c>sql_source</c>, or that of a query returning it), each with its own injected parameters (row tenancy) and
/// role.
/// </summary>
internal sealed partial class ServiceModelBuilder
{
    private const string NodeInterface = "Node";

    /// <summary>The type of the <c>id</c> field of the <c>Node</c> and <c>CascadeNode</c> interfaces, which an
    /// implementing type's <c>id</c> must have exactly (GraphQL spec, IsValidImplementationFieldType).</summary>
    private const string IdType = "ID!";

    /// <summary>
    /// A type that is to implement <paramref name="interfaceName"/> (<c>Node</c>, <c>CascadeNode</c>) needs <c>id: ID!</c>:
    /// reports FQL0109 for <paramref name="key"/> at <paramref name="missingAt"/> when <paramref name="type"/> has no
    /// id, or at the id's type when it has another; true when it reported.
    /// </summary>
    private bool NodeIdError(ObjectTypeModel type, FileSpan missingAt, string where, string key, string interfaceName)
    {
        var id = type.Fields.FirstOrDefault(f => f.Name == "id");
        if (id is null)
        {
            Report("FQL0109", missingAt, where, key, $"needs an id field, and {type.Name} has no id (the {interfaceName} interface's id is {IdType})");
            return true;
        }
        if (id.Type != IdType)
        {
            Report("FQL0109", id.TypeSpan, where, key,
                $"needs {type.Name}.id to be {IdType}, not {id.Type} (the {interfaceName} interface's id is {IdType}, and GraphQL does not let an implementing type change a field's type)");
            return true;
        }
        return false;
    }

    /// <summary>Declared object types that implement <c>Node</c> (<c>"relay": true</c> on the type).</summary>
    private readonly HashSet<string> _relayNodeTypes = new(StringComparer.Ordinal);

    private ResolvedQuery? NodeQuery(List<ResolvedQuery> queries, HashSet<string> seen)
    {
        var nodeTypes = new List<NodeTypeModel>();
        foreach (var t in _schema.Types.Where(t => t.Relay))
        {
            var where = $"type \"{t.Name}\"";
            if (NodeIdError(t, t.Span, where, "relay", NodeInterface))
            {
                continue;
            }
            var query = queries.FirstOrDefault(q => (q.Relay?.Entity ?? q.Declared.ReturnType) == t.Name && q.CountOf is null && q.QuotedSqlSource.Length > 0);
            string source;
            if (t.SqlSource is not null && SqlIdentifier.IsValid(t.SqlSource))
            {
                source = SqlIdentifier.Quote(t.SqlSource);
            }
            else if (query is not null)
            {
                source = query.QuotedSqlSource;
            }
            else
            {
                Report("FQL0109", t.Span, where, "relay", "needs a sql_source, on the type or on a query that returns it (node(id) reads the type's view)");
                continue;
            }
            var inject = query is not null && source == query.QuotedSqlSource
                ? query.InjectParams
                : ApplyTenancy(default, t.Name, t.Span, $"Type \"{t.Name}\" (node)");
            nodeTypes.Add(new NodeTypeModel(t.Name, source, query?.QuotedJsonbColumn ?? SqlIdentifier.Quote("data"), inject, t.RequiresRole));
        }
        if (nodeTypes.Count == 0)
        {
            return null;
        }
        var span = _schema.Types.First(t => t.Relay).Span;
        if (_kinds.TryGetValue(NodeInterface, out var kind))
        {
            var declared = _schema.Interfaces.FirstOrDefault(i => i.Name == NodeInterface);
            if (declared is null || !declared.Fields.Any(f => f.Name == "id"))
            {
                Report("FQL0102", span, NodeInterface, $"a {kind} (\"relay\" on a type needs the Node interface with an id field; rename it)");
                return null;
            }
        }
        else
        {
            _kinds[NodeInterface] = "interface";
            _synthesizedInterfaces.Add(new InterfaceModel(NodeInterface, "An object with a globally unique id (Relay's global object identification).",
                new[] { SynthesizedField("id", "id", "ID!", "The object's id.") }.ToEquatableArray(), default, NoSpan));
        }
        if (!seen.Add("node"))
        {
            Report("FQL0104", span, "Query", "node (the query \"relay\" on a type synthesizes)", "node");
            return null;
        }
        foreach (var n in nodeTypes)
        {
            _relayNodeTypes.Add(n.TypeName);
        }
        var declaredQuery = new QueryModel(
            "node", "node", NodeInterface, false, true,
            new[] { new ArgumentModel("id", "id", "ID!", null, "The object's id.", null, NoSpan, NoSpan) }.ToEquatableArray(),
            $"The object with this id, of any Node type ({string.Join(", ", nodeTypes.Select(n => n.TypeName))}), or null.",
            null, null, null, AutoParamsModel.Inherit, false, default, null, default, null, NoSpan, NoSpan, NoSpan, null);
        return new ResolvedQuery(
            declaredQuery, "Node", nodeTypes[0].QuotedSqlSource, nodeTypes[0].QuotedJsonbColumn,
            false, false, false, false, null, null, default, null, null,
            NodeTypes: nodeTypes.ToEquatableArray());
    }
}
