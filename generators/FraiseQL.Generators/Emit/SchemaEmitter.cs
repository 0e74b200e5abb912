using System.Linq;
using FraiseQL.Generators.Descriptors;

namespace FraiseQL.Generators.Emit;

/// <summary>Schema.g.cs: the SDL, the pre-serialized introspection result and the type descriptors
/// (declared and derived).</summary>
internal static class SchemaEmitter
{
    public const string HintName = "Schema.g.cs";

    public static string Emit(SchemaSlice slice)
    {
        var shape = SchemaShapeBuilder.Build(slice);
        var w = new CodeWriter();
        w.Raw(CSharp.Header).Line().Line($"namespace {slice.Namespace};").Line();
        w.Summary("The compiled GraphQL schema of this service.");
        w.Open("public static partial class FraiseQLSchema");
        w.Summary("The complete schema as GraphQL SDL (including the derived where/orderBy inputs).");
        w.Line("public const string Sdl =").Raw(CSharp.RawLiteral(SdlWriter.Write(shape))).Raw(";\n\n");
        w.Summary("The result of the standard introspection query: {\"__schema\":{…}}.");
        w.Line("public const string IntrospectionJson =").Raw(CSharp.RawLiteral(IntrospectionWriter.Write(shape))).Raw(";\n\n");

        w.Line($"public static readonly {DescriptorWriter.Ns}ObjectTypeDescriptor[] Types =").Line("[").Indent();
        foreach (var t in slice.Types)
        {
            w.Line($"new {DescriptorWriter.Ns}ObjectTypeDescriptor").Line("{").Indent();
            w.Line($"Name = {CSharp.Literal(t.Name)},");
            DescriptorWriter.Optional(w, "Description", t.Description);
            Fields(w, t.Fields);
            DescriptorWriter.Strings(w, "Implements", t.Implements);
            DescriptorWriter.Optional(w, "RequiresRole", t.RequiresRole);
            Flag(w, "IsError", t.IsError);
            Flag(w, "Relay", t.Relay);
            Flag(w, "Embedded", t.Embedded);
            DescriptorWriter.Optional(w, "SqlSource", t.SqlSource);
            w.Outdent().Line("},");
        }
        w.Outdent().Line("];").Line();

        w.Line($"public static readonly {DescriptorWriter.Ns}InterfaceDescriptor[] Interfaces =").Line("[").Indent();
        foreach (var i in slice.Interfaces)
        {
            w.Line($"new {DescriptorWriter.Ns}InterfaceDescriptor").Line("{").Indent();
            w.Line($"Name = {CSharp.Literal(i.Name)},");
            DescriptorWriter.Optional(w, "Description", i.Description);
            Fields(w, i.Fields);
            DescriptorWriter.Strings(w, "Implements", i.Implements);
            w.Outdent().Line("},");
        }
        w.Outdent().Line("];").Line();

        w.Line($"public static readonly {DescriptorWriter.Ns}UnionDescriptor[] Unions =").Line("[").Indent();
        foreach (var u in slice.Unions)
        {
            w.Line($"new {DescriptorWriter.Ns}UnionDescriptor {{ Name = {CSharp.Literal(u.Name)}, Description = {CSharp.Literal(u.Description)}, MemberTypes = {CSharp.StringArray(u.MemberTypes.Select(m => m.Name))} }},");
        }
        w.Outdent().Line("];").Line();

        w.Line($"public static readonly {DescriptorWriter.Ns}EnumDescriptor[] Enums =").Line("[").Indent();
        foreach (var e in slice.Enums.Concat(slice.DerivedEnums))
        {
            w.Line($"new {DescriptorWriter.Ns}EnumDescriptor").Line("{").Indent();
            w.Line($"Name = {CSharp.Literal(e.Name)},");
            DescriptorWriter.Optional(w, "Description", e.Description);
            w.Line("Values =").Line("[").Indent();
            foreach (var v in e.Values)
            {
                var extra = (v.Description is null ? "" : $", Description = {CSharp.Literal(v.Description)}")
                    + (v.DeprecationReason is null ? "" : $", DeprecationReason = {CSharp.Literal(v.DeprecationReason)}");
                w.Line($"new {DescriptorWriter.Ns}EnumValueDescriptor {{ Name = {CSharp.Literal(v.Name)}, StorageValue = {CSharp.Literal(v.StorageValue)}{extra} }},");
            }
            w.Outdent().Line("],");
            w.Outdent().Line("},");
        }
        w.Outdent().Line("];").Line();

        w.Line($"public static readonly {DescriptorWriter.Ns}InputTypeDescriptor[] InputTypes =").Line("[").Indent();
        foreach (var i in slice.InputTypes.Concat(slice.DerivedInputTypes))
        {
            w.Line($"new {DescriptorWriter.Ns}InputTypeDescriptor").Line("{").Indent();
            w.Line($"Name = {CSharp.Literal(i.Name)},");
            DescriptorWriter.Optional(w, "Description", i.Description);
            w.Line("Fields =").Line("[").Indent();
            foreach (var f in i.Fields)
            {
                var extra = (f.DefaultJson is null ? "" : $", DefaultValueJson = {CSharp.Literal(f.DefaultJson)}")
                    + (f.Description is null ? "" : $", Description = {CSharp.Literal(f.Description)}")
                    + (f.DeprecationReason is null ? "" : $", DeprecationReason = {CSharp.Literal(f.DeprecationReason)}");
                w.Line($"new {DescriptorWriter.Ns}InputFieldDescriptor {{ Name = {CSharp.Literal(f.Name)}, StorageKey = {CSharp.Literal(f.StorageKey)}, Type = {CSharp.Literal(f.Type)}{extra} }},");
            }
            w.Outdent().Line("],");
            Flag(w, "IsDerived", i.IsDerived);
            DescriptorWriter.Optional(w, "FilterFor", i.FilterFor);
            w.Outdent().Line("},");
        }
        w.Outdent().Line("];").Line();

        w.Line($"public static readonly {DescriptorWriter.Ns}ScalarDescriptor[] Scalars =").Line("[").Indent();
        foreach (var s in slice.Scalars)
        {
            w.Line($"new {DescriptorWriter.Ns}ScalarDescriptor {{ Name = {CSharp.Literal(s.Name)}, Description = {CSharp.Literal(s.Description)}, SpecifiedByUrl = {CSharp.Literal(s.SpecifiedByUrl)}, BaseType = {CSharp.Literal(s.BaseType)} }},");
        }
        w.Outdent().Line("];");
        w.Close();
        return w.ToString();
    }

    private static void Flag(CodeWriter w, string property, bool value)
    {
        if (value)
        {
            w.Line($"{property} = true,");
        }
    }

    private static void Fields(CodeWriter w, EquatableArray<FieldModel> fields)
    {
        w.Line("Fields =").Line("[").Indent();
        foreach (var f in fields)
        {
            var extra = (f.Description is null ? "" : $", Description = {CSharp.Literal(f.Description)}")
                + (f.DeprecationReason is null ? "" : $", DeprecationReason = {CSharp.Literal(f.DeprecationReason)}")
                + (f.RequiresScope is null ? "" : $", RequiresScope = {CSharp.Literal(f.RequiresScope)}")
                + (f.OnDeny == "reject" ? "" : $", OnDeny = {CSharp.Literal(f.OnDeny)}")
                + (f.IsTenantColumn ? ", IsTenantColumn = true" : "");
            w.Line($"new {DescriptorWriter.Ns}FieldDescriptor {{ Name = {CSharp.Literal(f.Name)}, StorageKey = {CSharp.Literal(f.StorageKey)}, Type = {CSharp.Literal(f.Type)}{extra} }},");
        }
        w.Outdent().Line("],");
    }
}
