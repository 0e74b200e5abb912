using FraiseQL.Generators.Descriptors;

namespace FraiseQL.Generators.Emit;

/// <summary>Subjects.g.cs: a constant per NATS subject named in fraiseql.toml.</summary>
internal static class SubjectsEmitter
{
    public const string HintName = "Subjects.g.cs";

    public static string Emit(SubjectsSlice slice)
    {
        var w = new CodeWriter();
        w.Raw(CSharp.Header).Line().Line($"namespace {slice.Namespace};").Line();
        w.Summary("Every NATS subject fraiseql.toml publishes, subscribes to, requests or responds on.");
        w.Open("public static class Subjects");
        foreach (var s in slice.Subjects)
        {
            w.Line($"public const string {s.CSharpName} = {CSharp.Literal(s.Value)};");
        }
        w.Close();
        return w.ToString();
    }
}
