using FraiseQL.Generators.Descriptors;

namespace FraiseQL.Generators.Emit;

/// <summary>Queries.g.cs: one <c>QueryDescriptor</c> per query — quoted view, JSONB column, arguments,
/// list arguments, inject params, cache, role, remote resolution.</summary>
internal static class QueriesEmitter
{
    public const string HintName = "Queries.g.cs";
    public const string ClassName = "Queries";

    public static string Emit(QueriesSlice slice)
    {
        var w = new CodeWriter();
        w.Raw(CSharp.Header).Line().Line($"namespace {slice.Namespace};").Line();
        w.Summary("One descriptor per root query of schema.json: the SQL relation it reads and how its arguments bind.");
        w.Open($"public static partial class {ClassName}");
        foreach (var q in slice.Queries)
        {
            var d = q.Declared;
            w.Summary(d.Description ?? $"Query {d.Name}.");
            w.Line($"public static readonly {DescriptorWriter.Ns}QueryDescriptor {DescriptorWriter.Member(q.CSharpName, ClassName, "Query")} = new()").Line("{").Indent();
            w.Line($"Name = {CSharp.Literal(d.Name)},");
            w.Line($"ReturnType = {CSharp.Literal(d.ReturnType)},");
            w.Line($"ReturnsList = {CSharp.Bool(d.ReturnsList)},");
            w.Line($"Nullable = {CSharp.Bool(d.Nullable)},");
            DescriptorWriter.Arguments(w, "Arguments", d.Arguments);
            DescriptorWriter.Optional(w, "Description", d.Description);
            DescriptorWriter.Optional(w, "DeprecationReason", d.DeprecationReason);
            w.Line($"SqlSource = {CSharp.Literal(q.QuotedSqlSource)},");
            w.Line($"JsonbColumn = {CSharp.Literal(q.QuotedJsonbColumn)},");
            w.Line($"HasWhere = {CSharp.Bool(q.HasWhere)},");
            w.Line($"HasOrderBy = {CSharp.Bool(q.HasOrderBy)},");
            w.Line($"HasLimit = {CSharp.Bool(q.HasLimit)},");
            w.Line($"HasOffset = {CSharp.Bool(q.HasOffset)},");
            DescriptorWriter.Optional(w, "WhereInputType", q.WhereInputType);
            DescriptorWriter.Optional(w, "CountOf", q.CountOf);
            if (!q.NodeTypes.IsEmpty)
            {
                w.Line("NodeTypes =").Line("[").Indent();
                foreach (var n in q.NodeTypes)
                {
                    w.Line($"new {DescriptorWriter.Ns}NodeTypeDescriptor").Line("{").Indent();
                    w.Line($"TypeName = {CSharp.Literal(n.TypeName)},");
                    w.Line($"SqlSource = {CSharp.Literal(n.QuotedSqlSource)},");
                    w.Line($"JsonbColumn = {CSharp.Literal(n.QuotedJsonbColumn)},");
                    DescriptorWriter.InjectParams(w, n.InjectParams);
                    DescriptorWriter.Optional(w, "RequiresRole", n.RequiresRole);
                    w.Outdent().Line("},");
                }
                w.Outdent().Line("],");
            }
            if (q.Relay is { } relay)
            {
                w.Line($"Relay = new {DescriptorWriter.Ns}RelayDescriptor {{ Entity = {CSharp.Literal(relay.Entity)}, CursorColumn = {CSharp.Literal(relay.CursorColumn)}, CursorType = {CSharp.Literal(relay.CursorType)} }},");
            }
            DescriptorWriter.InjectParams(w, q.InjectParams);
            DescriptorWriter.Optional(w, "RequiresRole", q.RequiresRole);
            if (d.CacheTtlSeconds is { } ttl)
            {
                w.Line($"CacheTtlSeconds = {ttl.ToString(System.Globalization.CultureInfo.InvariantCulture)},");
            }
            DescriptorWriter.Strings(w, "AdditionalViews", d.AdditionalViews);
            if (q.Remote is { } r)
            {
                w.Line($"Remote = new {DescriptorWriter.Ns}RemoteQueryDescriptor {{ Subject = {CSharp.Literal(r.Subject)}, TimeoutMs = {r.TimeoutMs.ToString(System.Globalization.CultureInfo.InvariantCulture)}, Retries = {r.Retries.ToString(System.Globalization.CultureInfo.InvariantCulture)} }},");
            }
            w.Outdent().Line("};").Line();
        }
        w.Close();
        return w.ToString();
    }
}
