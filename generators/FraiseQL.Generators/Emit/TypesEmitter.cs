using System.Collections.Generic;
using System.Linq;
using FraiseQL.Generators.Descriptors;
using FraiseQL.Generators.Validation;

namespace FraiseQL.Generators.Emit;

/// <summary>Types.g.cs: a record per object and input type, an enum (+ storage-value mapping) per enum,
/// a marker interface per interface and union. Plain records: no attributes, no reflection.</summary>
internal static class TypesEmitter
{
    public const string HintName = "Types.g.cs";

    public static string Emit(TypesSlice slice)
    {
        var names = new CSharpTypeNames(slice);
        var w = new CodeWriter();
        w.Raw(CSharp.Header).Line().Line($"namespace {slice.Namespace};").Line();

        var markers = new Dictionary<string, List<string>>(System.StringComparer.Ordinal);
        foreach (var t in slice.Types)
        {
            markers[t.Name] = t.Implements.Select(CSharpTypeNames.InterfaceName).ToList();
        }
        foreach (var u in slice.Unions)
        {
            foreach (var m in u.MemberTypes)
            {
                if (markers.TryGetValue(m.Name, out var list) && !list.Contains(CSharpTypeNames.InterfaceName(u.Name)))
                {
                    list.Add(CSharpTypeNames.InterfaceName(u.Name));
                }
            }
        }

        foreach (var i in slice.Interfaces)
        {
            w.Summary(i.Description ?? $"GraphQL interface {i.Name}.");
            w.Line($"public partial interface {CSharpTypeNames.InterfaceName(i.Name)}").Line("{").Line("}").Line();
        }
        foreach (var u in slice.Unions)
        {
            w.Summary(u.Description ?? $"GraphQL union {u.Name}: {string.Join(" | ", u.MemberTypes.Select(m => m.Name))}.");
            w.Line($"public partial interface {CSharpTypeNames.InterfaceName(u.Name)}").Line("{").Line("}").Line();
        }
        foreach (var t in slice.Types)
        {
            var className = NameCasing.ToPascal(t.Name);
            w.Summary(t.Description ?? $"GraphQL type {t.Name}.");
            var bases = markers[t.Name];
            w.Open($"public sealed partial record {className}" + (bases.Count == 0 ? "" : " : " + string.Join(", ", bases)));
            foreach (var f in t.Fields)
            {
                EmitProperty(w, names, className, f.Name, f.StorageKey, f.Type, f.Description);
            }
            w.Close().Line();
        }
        foreach (var i in slice.InputTypes)
        {
            var className = NameCasing.ToPascal(i.Name);
            w.Summary(i.Description ?? $"GraphQL input {i.Name}.");
            w.Open($"public sealed partial record {className}");
            foreach (var f in i.Fields)
            {
                EmitProperty(w, names, className, f.Name, f.StorageKey, f.Type, f.Description);
            }
            w.Close().Line();
        }
        foreach (var e in slice.Enums)
        {
            EmitEnum(w, e);
        }
        return w.ToString();
    }

    private static void EmitProperty(CodeWriter w, CSharpTypeNames names, string className, string name, string storageKey, string type, string? description)
    {
        var property = PropertyName(name, className);
        w.Line($"/// <summary>{CSharp.Xml(description ?? name)} (GraphQL <c>{CSharp.Xml(name)}</c>, JSON key <c>{CSharp.Xml(storageKey)}</c>).</summary>");
        var required = GraphQLTypeString.IsNonNull(type) ? "required " : "";
        w.Line($"public {required}{names.For(type)} {property} {{ get; init; }}");
    }

    public static string PropertyName(string graphQLName, string className) => CSharpMemberNames.Property(graphQLName, className);

    private static void EmitEnum(CodeWriter w, EnumModel e)
    {
        var name = NameCasing.ToPascal(e.Name);
        w.Summary(e.Description ?? $"GraphQL enum {e.Name}.");
        w.Open($"public enum {name}");
        foreach (var v in e.Values)
        {
            w.Summary(v.Description ?? $"{v.Name} (stored as \"{v.StorageValue}\").");
            w.Line(ServiceModelBuilder.EnumMemberName(v.Name) + ",");
        }
        w.Close().Line();
        w.Line($"/// <summary>GraphQL names and storage values of <see cref=\"{name}\"/>.</summary>");
        w.Open($"public static class {name}Values");
        EmitSwitch(w, $"public static string ToGraphQL(this {name} value)", e.Values.Select(v => ($"{name}.{ServiceModelBuilder.EnumMemberName(v.Name)}", CSharp.Literal(v.Name))), "throw new global::System.ArgumentOutOfRangeException(nameof(value))");
        EmitSwitch(w, $"public static string ToStorage(this {name} value)", e.Values.Select(v => ($"{name}.{ServiceModelBuilder.EnumMemberName(v.Name)}", CSharp.Literal(v.StorageValue))), "throw new global::System.ArgumentOutOfRangeException(nameof(value))");
        EmitSwitch(w, $"public static {name}? FromGraphQL(string name)", e.Values.Select(v => (CSharp.Literal(v.Name), $"{name}.{ServiceModelBuilder.EnumMemberName(v.Name)}")), "null", "name");
        EmitSwitch(w, $"public static {name}? FromStorage(string value)", e.Values.Select(v => (CSharp.Literal(v.StorageValue), $"{name}.{ServiceModelBuilder.EnumMemberName(v.Name)}")).GroupBy(p => p.Item1).Select(g => g.First()), "null");
        w.Close().Line();
    }

    private static void EmitSwitch(CodeWriter w, string signature, IEnumerable<(string Case, string Result)> arms, string fallback, string subject = "value")
    {
        w.Line($"{signature} => {subject} switch").Line("{").Indent();
        foreach (var (c, r) in arms)
        {
            w.Line($"{c} => {r},");
        }
        w.Line($"_ => {fallback},").Outdent().Line("};").Line();
    }
}
