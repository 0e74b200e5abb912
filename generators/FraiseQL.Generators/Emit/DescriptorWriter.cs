using System.Linq;
using FraiseQL.Generators.Descriptors;

namespace FraiseQL.Generators.Emit;

/// <summary>Writes the Abstractions descriptor initializers shared by several emitters.</summary>
internal static class DescriptorWriter
{
    public const string Ns = "global::FraiseQL.Schema.";

    public static void Arguments(CodeWriter w, string property, EquatableArray<ArgumentModel> args)
    {
        if (args.IsEmpty)
        {
            return;
        }
        w.Line($"{property} =").Line("[").Indent();
        foreach (var a in args)
        {
            var extra = "";
            if (a.DefaultJson is not null)
            {
                extra += $", DefaultValueJson = {CSharp.Literal(a.DefaultJson)}";
            }
            if (a.Description is not null)
            {
                extra += $", Description = {CSharp.Literal(a.Description)}";
            }
            if (a.DeprecationReason is not null)
            {
                extra += $", DeprecationReason = {CSharp.Literal(a.DeprecationReason)}";
            }
            w.Line($"new {Ns}ArgumentDescriptor {{ Name = {CSharp.Literal(a.Name)}, StorageKey = {CSharp.Literal(a.StorageKey)}, Type = {CSharp.Literal(a.Type)}{extra} }},");
        }
        w.Outdent().Line("],");
    }

    public static void InjectParams(CodeWriter w, EquatableArray<InjectParamModel> inject)
    {
        if (inject.IsEmpty)
        {
            return;
        }
        w.Line("InjectParams =").Line("[").Indent();
        foreach (var p in inject)
        {
            w.Line($"new {Ns}InjectParamDescriptor {{ Name = {CSharp.Literal(p.Name)}, Source = {CSharp.Literal(p.Source)}, Claim = {CSharp.Literal(p.Claim)} }},");
        }
        w.Outdent().Line("],");
    }

    public static void Optional(CodeWriter w, string property, string? value)
    {
        if (value is not null)
        {
            w.Line($"{property} = {CSharp.Literal(value)},");
        }
    }

    public static void Strings(CodeWriter w, string property, EquatableArray<string> values)
    {
        if (!values.IsEmpty)
        {
            w.Line($"{property} = {CSharp.StringArray(values)},");
        }
    }

    /// <summary>The C# member name of an operation inside its class, avoiding the class's own name.</summary>
    public static string Member(string pascal, string className, string suffix) => CSharpMemberNames.StaticMember(pascal, className, suffix);

    public static string Publishes(EquatableArray<PublishModel> publishes) =>
        "[" + string.Join(", ", publishes.Select(p =>
            $"new {Ns}PublishDescriptor {{ Mutation = {CSharp.Literal(p.Mutation)}, Subject = {CSharp.Literal(p.Subject)}" +
            (p.SubscriptionTopic is null ? "" : $", SubscriptionTopic = {CSharp.Literal(p.SubscriptionTopic)}") + " }")) + "]";
}
