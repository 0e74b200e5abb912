using System.Linq;
using FraiseQL.Generators.Descriptors;

namespace FraiseQL.Generators.Emit;

/// <summary>Observers.g.cs: the publish table, one <c>SubscribeDescriptor</c> per subscribe entry, one <c>RespondDescriptor</c> per respond entry
/// and the subject → handler dispatch as switch expressions.</summary>
internal static class ObserversEmitter
{
    public const string HintName = "Observers.g.cs";

    public static string Emit(ObserversSlice slice)
    {
        var w = new CodeWriter();
        w.Raw(CSharp.Header).Line().Line($"namespace {slice.Namespace};").Line();
        EmitHandlers(w, "Handlers", "SubscribeDescriptor", "[[observers.subscribe]] entries: events on a subject are handled by a SQL function.", slice.Handlers);
        EmitHandlers(w, "Responders", "RespondDescriptor", "[[observers.respond]] entries: requests on a subject are answered by a SQL function.", slice.Responders);

        w.Summary("The observer tables of fraiseql.toml.");
        w.Open("public static partial class Observers");
        w.Summary("[[observers.publish]]: mutation → subject (and subscription topic), in file order.");
        w.Line($"public static readonly {DescriptorWriter.Ns}PublishDescriptor[] Publishes = {DescriptorWriter.Publishes(slice.Publishes)};").Line();
        w.Line($"public static readonly {DescriptorWriter.Ns}SubscribeDescriptor[] Subscribes = [{string.Join(", ", slice.Handlers.Select(h => "Handlers." + DescriptorWriter.Member(h.CSharpName, "Handlers", "Handler")))}];").Line();
        w.Line($"public static readonly {DescriptorWriter.Ns}RespondDescriptor[] Responds = [{string.Join(", ", slice.Responders.Select(h => "Responders." + DescriptorWriter.Member(h.CSharpName, "Responders", "Handler")))}];").Line();
        EmitFind(w, "FindHandler", "Handlers", "SubscribeDescriptor", slice.Handlers);
        EmitFind(w, "FindResponder", "Responders", "RespondDescriptor", slice.Responders);
        w.Close();
        return w.ToString();
    }

    private static void EmitHandlers(CodeWriter w, string className, string descriptor, string summary, EquatableArray<HandlerModel> handlers)
    {
        w.Summary(summary);
        w.Open($"public static partial class {className}");
        foreach (var h in handlers)
        {
            w.Line($"public static readonly {DescriptorWriter.Ns}{descriptor} {DescriptorWriter.Member(h.CSharpName, className, "Handler")} = new()").Line("{").Indent();
            w.Line($"Subject = Subjects.{h.SubjectConstant},");
            w.Line($"Handler = {CSharp.Literal(h.Handler)},");
            w.Line($"Sql = {CSharp.Literal(h.Sql)},");
            if (descriptor == "SubscribeDescriptor")
            {
                w.Line($"ConsumerSuffix = {CSharp.Literal(h.ConsumerSuffix)},");
                if (h.MaxDeliver is { } maxDeliver)
                {
                    w.Line($"MaxDeliver = {maxDeliver.ToString(System.Globalization.CultureInfo.InvariantCulture)},");
                }
                if (h.AckWaitMs is { } ackWait)
                {
                    w.Line($"AckWaitMs = {ackWait.ToString(System.Globalization.CultureInfo.InvariantCulture)},");
                }
                DescriptorWriter.Strings(w, "InvalidatesViews", h.InvalidatesViews);
            }
            w.Outdent().Line("};").Line();
        }
        w.Close().Line();
    }

    private static void EmitFind(CodeWriter w, string method, string className, string descriptor, EquatableArray<HandlerModel> handlers)
    {
        w.Line($"/// <summary>The entry for an exact subject, or null.</summary>");
        w.Line($"public static {DescriptorWriter.Ns}{descriptor}? {method}(string subject) => subject switch").Line("{").Indent();
        foreach (var h in handlers)
        {
            w.Line($"Subjects.{h.SubjectConstant} => {className}.{DescriptorWriter.Member(h.CSharpName, className, "Handler")},");
        }
        w.Line("_ => null,").Outdent().Line("};").Line();
    }
}
