using System;
using System.Collections.Generic;
using System.Linq;
using FraiseQL.Generators.Descriptors;

namespace FraiseQL.Generators.Validation;

/// <summary>
/// FORMATS §1.5, <c>"relay": true</c> on a type: Relay's global object identification. The type implements the
/// <c>Node</c> interface (<c>id: ID!</c>, synthesized unless schema.json declares one), and the root query
/// <c>node(id: ID!): Node</c> finds any such object by id: one statement over the views of every Node type.
/// <para>node(id) finds an object only for a caller who could have read it with a query: each query that returns the
/// type from this service's database (not a <c>&lt;name&gt;Count</c>, not one resolved over NATS) gives node a branch
/// with that query's view, JSONB column, injected parameters (row tenancy, <c>jwt:sub</c> ownership…) and role (the
/// query's <c>requires_role</c>, else the type's). The caller finds the object through whichever branch lets them:
/// several queries with different roles mean any one of those roles, different <c>inject_params</c> mean the rows
/// of any one query whose claims the caller has. A branch another one already grants (the same view, a role that is
/// none, the type's own or the same, and a subset of its injected parameters) is left out, so a type whose queries
/// are all alike has one branch, as before. The type's own <c>requires_role</c> applies to every branch besides (the
/// runtime checks it as for any query). Only a type no query returns is read through its own <c>sql_source</c>, with its
/// row tenancy and role.</para>
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

    private ResolvedQuery? NodeQuery(List<ResolvedQuery> queries, HashSet<string> seen, HashSet<string> remoteQueries)
    {
        var nodeTypes = new List<NodeTypeModel>();
        foreach (var t in _schema.Types.Where(t => t.Relay))
        {
            var where = $"type \"{t.Name}\"";
            if (NodeIdError(t, t.Span, where, "relay", NodeInterface))
            {
                continue;
            }
            var readers = queries
                .Where(q => (q.Relay?.Entity ?? q.Declared.ReturnType) == t.Name && q.CountOf is null && q.QuotedSqlSource.Length > 0
                    && !remoteQueries.Contains(q.Declared.DeclaredName) && !remoteQueries.Contains(q.Declared.Name))
                .ToList();
            if (readers.Count > 0)
            {
                nodeTypes.AddRange(NodeBranches(t, readers));
            }
            else if (t.SqlSource is not null && SqlIdentifier.IsValid(t.SqlSource))
            {
                nodeTypes.Add(new NodeTypeModel(t.Name, SqlIdentifier.Quote(t.SqlSource), SqlIdentifier.Quote("data"),
                    ApplyTenancy(default, t.Name, t.Span, $"Type \"{t.Name}\" (node)"), t.RequiresRole));
            }
            else
            {
                Report("FQL0109", t.Span, where, "relay", "needs a sql_source, on the type or on a query that returns it (node(id) reads the type's view)");
                continue;
            }
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
            $"The object with this id, of any Node type ({string.Join(", ", nodeTypes.Select(n => n.TypeName).Distinct())}), or null.",
            null, null, null, AutoParamsModel.Inherit, false, default, null, default, null, NoSpan, NoSpan, NoSpan, null);
        return new ResolvedQuery(
            declaredQuery, "Node", nodeTypes[0].QuotedSqlSource, nodeTypes[0].QuotedJsonbColumn,
            false, false, false, false, null, null, default, null, null,
            NodeTypes: nodeTypes.ToEquatableArray());
    }

    /// <summary>
    /// The branches of <c>node(id)</c> for <paramref name="type"/>, one per query in <paramref name="readers"/> (its
    /// view, JSONB column, injected parameters and role), without those another branch already grants: a branch
    /// <c>a</c> grants <c>b</c> when it reads the same view and column, its role is none, the type's own (required by
    /// every branch anyway) or <c>b</c>'s, and each of its injected parameters is one of <c>b</c>'s (so it finds every
    /// row <c>b</c> finds, for every caller <c>b</c> lets in). Of two equal branches the first is kept.
    /// </summary>
    private static IEnumerable<NodeTypeModel> NodeBranches(ObjectTypeModel type, List<ResolvedQuery> readers)
    {
        var branches = readers
            .Select(q => new NodeTypeModel(type.Name, q.QuotedSqlSource, q.QuotedJsonbColumn, q.InjectParams, q.RequiresRole ?? type.RequiresRole))
            .ToList();
        bool Grants(NodeTypeModel a, NodeTypeModel b) =>
            a.QuotedSqlSource == b.QuotedSqlSource && a.QuotedJsonbColumn == b.QuotedJsonbColumn
            && (a.RequiresRole is null || a.RequiresRole == type.RequiresRole || a.RequiresRole == b.RequiresRole)
            && a.InjectParams.All(p => b.InjectParams.Any(o => o.Name == p.Name && o.Source == p.Source && o.Claim == p.Claim));
        for (var i = 0; i < branches.Count; i++)
        {
            var b = branches[i];
            var granted = false;
            for (var j = 0; j < branches.Count && !granted; j++)
            {
                // an equal pair: the earlier one stays
                granted = j != i && Grants(branches[j], b) && (j < i || !Grants(b, branches[j]));
            }
            if (!granted)
            {
                yield return b;
            }
        }
    }
}
