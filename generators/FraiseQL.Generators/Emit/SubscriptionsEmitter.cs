using System.Linq;
using FraiseQL.Generators.Descriptors;

namespace FraiseQL.Generators.Emit;

/// <summary>Subscriptions.g.cs: one <c>SubscriptionDescriptor</c> per subscription, with its topic, filters
/// and the NATS subjects that feed it.</summary>
internal static class SubscriptionsEmitter
{
    public const string HintName = "Subscriptions.g.cs";
    public const string ClassName = "Subscriptions";

    public static string Emit(SubscriptionsSlice slice)
    {
        var w = new CodeWriter();
        w.Raw(CSharp.Header).Line().Line($"namespace {slice.Namespace};").Line();
        w.Summary("One descriptor per root subscription of schema.json.");
        w.Open($"public static partial class {ClassName}");
        foreach (var s in slice.Subscriptions)
        {
            var d = s.Declared;
            w.Summary(d.Description ?? $"Subscription {d.Name}.");
            w.Line($"public static readonly {DescriptorWriter.Ns}SubscriptionDescriptor {DescriptorWriter.Member(s.CSharpName, ClassName, "Subscription")} = new()").Line("{").Indent();
            w.Line($"Name = {CSharp.Literal(d.Name)},");
            w.Line($"ReturnType = {CSharp.Literal(d.ReturnType)},");
            DescriptorWriter.Arguments(w, "Arguments", d.Arguments);
            DescriptorWriter.Optional(w, "Description", d.Description);
            DescriptorWriter.Optional(w, "DeprecationReason", d.DeprecationReason);
            w.Line($"Topic = {CSharp.Literal(d.Topic)},");
            DescriptorWriter.Optional(w, "EntityType", d.EntityType);
            DescriptorWriter.Optional(w, "Operation", d.Operation);
            if (!d.Filters.IsEmpty)
            {
                w.Line("Filters =").Line("[").Indent();
                foreach (var f in d.Filters)
                {
                    w.Line($"new {DescriptorWriter.Ns}SubscriptionFilterDescriptor {{ Argument = {CSharp.Literal(f.Argument)}, Path = {CSharp.StringArray(f.Path)} }},");
                }
                w.Outdent().Line("],");
            }
            DescriptorWriter.Optional(w, "RequiresRole", d.RequiresRole);
            if (!s.Subjects.IsEmpty)
            {
                w.Line($"Subjects = {CSharp.StringArray(s.Subjects.Select(x => x))},");
            }
            w.Outdent().Line("};").Line();
        }
        w.Close();
        return w.ToString();
    }
}
