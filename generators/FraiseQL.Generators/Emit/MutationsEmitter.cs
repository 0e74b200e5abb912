using FraiseQL.Generators.Descriptors;

namespace FraiseQL.Generators.Emit;

/// <summary>Mutations.g.cs: one <c>MutationDescriptor</c> per mutation — the <c>fn_*</c> call with typed
/// positional parameters (FORMATS §4.1) and the subjects it publishes.</summary>
internal static class MutationsEmitter
{
    public const string HintName = "Mutations.g.cs";
    public const string ClassName = "Mutations";

    public static string Emit(MutationsSlice slice)
    {
        var w = new CodeWriter();
        w.Raw(CSharp.Header).Line().Line($"namespace {slice.Namespace};").Line();
        w.Summary("One descriptor per root mutation of schema.json: the function call and its typed parameters.");
        w.Open($"public static partial class {ClassName}");
        foreach (var m in slice.Mutations)
        {
            var d = m.Declared;
            w.Summary(d.Description ?? $"Mutation {d.Name}.");
            w.Line($"public static readonly {DescriptorWriter.Ns}MutationDescriptor {DescriptorWriter.Member(m.CSharpName, ClassName, "Mutation")} = new()").Line("{").Indent();
            w.Line($"Name = {CSharp.Literal(d.Name)},");
            w.Line($"ReturnType = {CSharp.Literal(d.ReturnType)},");
            w.Line($"ReturnsList = {CSharp.Bool(d.ReturnsList)},");
            w.Line($"Nullable = {CSharp.Bool(d.Nullable)},");
            DescriptorWriter.Arguments(w, "Arguments", d.Arguments);
            DescriptorWriter.Optional(w, "Description", d.Description);
            DescriptorWriter.Optional(w, "DeprecationReason", d.DeprecationReason);
            w.Line($"FunctionName = {CSharp.Literal(m.QuotedFunction)},");
            w.Line($"Operation = {DescriptorWriter.Ns}MutationOperation.{d.Operation},");
            w.Line($"Sql = {CSharp.Literal(m.Sql)},");
            w.Line("Parameters =").Line("[").Indent();
            foreach (var p in m.Parameters)
            {
                var dbType = p.DbType.Replace("NpgsqlDbType.", "global::NpgsqlTypes.NpgsqlDbType.");
                w.Line($"new {DescriptorWriter.Ns}SqlParameterDescriptor {{ Name = {CSharp.Literal(p.Name)}, Source = {DescriptorWriter.Ns}SqlParameterSource.{p.Source}, Path = {CSharp.StringArray(p.Path)}, GraphQLType = {CSharp.Literal(p.GraphQLType)}, DbType = {dbType} }},");
            }
            w.Outdent().Line("],");
            DescriptorWriter.InjectParams(w, m.InjectParams);
            DescriptorWriter.Strings(w, "InvalidatesViews", d.InvalidatesViews);
            DescriptorWriter.Optional(w, "RequiresRole", m.RequiresRole);
            if (!m.Publishes.IsEmpty)
            {
                w.Line($"Publishes = {DescriptorWriter.Publishes(m.Publishes)},");
            }
            w.Outdent().Line("};").Line();
        }
        w.Close();
        return w.ToString();
    }
}
