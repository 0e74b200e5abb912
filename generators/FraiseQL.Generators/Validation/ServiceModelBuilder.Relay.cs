using System;
using System.Linq;
using FraiseQL.Generators.Descriptors;

namespace FraiseQL.Generators.Validation;

/// <summary>
/// FORMATS §1.6, <c>"relay": true</c> on a list query: it returns <c>&lt;T&gt;Connection {edges: [&lt;T&gt;Edge!]!,
/// pageInfo: PageInfo!, totalCount: Int!}</c> with <c>&lt;T&gt;Edge {cursor: String!, node: T!}</c> and
/// <c>PageInfo {hasNextPage, hasPreviousPage, startCursor, endCursor}</c>, paged with <c>first</c>/<c>after</c> and
/// <c>last</c>/<c>before</c> over the view's <c>pk_&lt;t&gt;</c> column (keyset: the cursor is that column's value),
/// filtered with <c>where</c> and, optionally, sorted with <c>orderBy</c> (then the cursor is the row's position in that
/// order, the cursor column breaking ties).
/// </summary>
internal sealed partial class ServiceModelBuilder
{
    private const string PageInfoType = "PageInfo";

    private bool _pageInfoSynthesized;

    /// <summary>Whether a relay query can be served as a connection; reports why not (FQL0109) otherwise.</summary>
    private bool CanPage(QueryModel q, string? returnKind, string where)
    {
        if (!q.ReturnsList || q.SqlSource is null || returnKind != "object")
        {
            Report("FQL0109", q.NameSpan, where, "relay", "needs a list query (returns_list true) of an object type with a sql_source");
            return false;
        }
        if (q.RelayCursorType is not (null or "int64" or "uuid"))
        {
            Report("FQL0109", q.NameSpan, where, "relay_cursor_type", $"must be \"int64\" (the default) or \"uuid\", not \"{q.RelayCursorType}\"");
            return false;
        }
        return true;
    }

    /// <summary>The relay form of a resolved list query: its connection type, synthesized on first use, and the paging arguments.</summary>
    private ResolvedQuery? AsConnection(ResolvedQuery list)
    {
        var q = list.Declared;
        var entity = q.ReturnType;
        var connection = entity + "Connection";
        var edge = entity + "Edge";
        foreach (var name in new[] { connection, edge })
        {
            if (_kinds.TryGetValue(name, out var kind) && !(_objects.TryGetValue(name, out var existing) && _synthesizedTypes.Contains(existing)))
            {
                Report("FQL0102", q.NameSpan, name, $"a {kind} (the connection types \"relay\": true synthesizes; rename it)");
                return null;
            }
        }
        if (!_pageInfoSynthesized)
        {
            if (_kinds.TryGetValue(PageInfoType, out var taken))
            {
                Report("FQL0102", q.NameSpan, PageInfoType, $"a {taken} (the PageInfo type \"relay\": true synthesizes; rename it)");
                return null;
            }
            _pageInfoSynthesized = true;
            AddSynthesizedType(SynthesizedObject(PageInfoType, "Where a page of a connection sits in the whole list.",
                SynthesizedField("hasNextPage", "hasNextPage", "Boolean!", "Whether rows follow this page."),
                SynthesizedField("hasPreviousPage", "hasPreviousPage", "Boolean!", "Whether rows precede this page."),
                SynthesizedField("startCursor", "startCursor", "String", "The first edge's cursor (null on an empty page)."),
                SynthesizedField("endCursor", "endCursor", "String", "The last edge's cursor (null on an empty page).")));
        }
        if (!_kinds.ContainsKey(connection))
        {
            AddSynthesizedType(SynthesizedObject(edge, $"One {entity} of a connection, with its cursor.",
                SynthesizedField("cursor", "cursor", "String!", "Pass it as after (or before) to page on from this row."),
                SynthesizedField("node", "node", entity + "!", $"The {entity}.")));
            AddSynthesizedType(SynthesizedObject(connection, $"A page of {entity} rows.",
                SynthesizedField("edges", "edges", $"[{edge}!]!", "The rows of this page, in the connection's order."),
                SynthesizedField("pageInfo", "pageInfo", PageInfoType + "!", "Whether there are rows before and after this page."),
                SynthesizedField("totalCount", "totalCount", "Int!", "How many rows the where selects in all, across pages.")));
        }
        var none = NoSpan;
        var paging = new[]
        {
            new ArgumentModel("first", "first", "Int", null, "Rows from the start, or after the after cursor.", null, none, none),
            new ArgumentModel("after", "after", "String", null, "Start after this cursor.", null, none, none),
            new ArgumentModel("last", "last", "Int", null, "Rows from the end, or before the before cursor.", null, none, none),
            new ArgumentModel("before", "before", "String", null, "End before this cursor.", null, none, none),
        };
        return list with
        {
            Declared = q with { ReturnType = connection, ReturnsList = false, Nullable = false, Arguments = q.Arguments.Concat(paging).ToEquatableArray() },
            HasLimit = false,
            HasOffset = false,
            Relay = new RelayModel(entity, SqlIdentifier.Quote("pk_" + NameCasing.ToSnake(entity)), q.RelayCursorType ?? "int64"),
        };
    }
}
