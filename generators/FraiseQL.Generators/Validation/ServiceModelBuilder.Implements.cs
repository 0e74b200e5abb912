using System;
using System.Linq;
using FraiseQL.Generators.Descriptors;

namespace FraiseQL.Generators.Validation;

/// <summary>
/// GraphQL spec, type validation of objects (IsValidImplementation): a type that declares <c>implements</c> has every
/// field of each interface, with each of the interface field's arguments (same type) and no extra required argument,
/// and a type the interface field allows (IsValidImplementationFieldType: the same type, or non-null where the
/// interface is nullable, or an object that is a member of the interface field's union, or an object or interface that implements its
/// interface, counting the <c>Node</c> and <c>CascadeNode</c> the generator adds: so it runs after queries and mutations).
/// Clients that validate an introspected schema (GraphiQL, code generators) reject a schema that breaks this, so it
/// is FQL0115 at build time.
/// </summary>
internal sealed partial class ServiceModelBuilder
{
    private void CheckImplementations(ObjectTypeModel t)
    {
        foreach (var name in t.Implements)
        {
            var declared = _schema.Interfaces.FirstOrDefault(i => i.Name == name);
            if (declared is null)
            {
                continue; // not an interface: FQL0101 already
            }
            foreach (var wanted in declared.Fields)
            {
                var field = t.Fields.FirstOrDefault(f => f.Name == wanted.Name);
                if (field is null)
                {
                    Report("FQL0115", t.Span, t.Name, name, $"has no field \"{wanted.Name}\" ({wanted.Type})");
                    continue;
                }
                if (!IsValidImplementationFieldType(field.Type, wanted.Type))
                {
                    Report("FQL0115", field.TypeSpan, t.Name, name, $"declares \"{field.Name}\" as {field.Type}, which the interface's {wanted.Type} does not allow");
                    continue;
                }
                foreach (var argument in wanted.Arguments)
                {
                    var own = field.Arguments.FirstOrDefault(a => a.Name == argument.Name);
                    if (own is null || own.Type != argument.Type)
                    {
                        Report("FQL0115", field.Span, t.Name, name,
                            $"its field \"{field.Name}\" {(own is null ? "lacks" : $"types as {own.Type}")} the argument \"{argument.Name}: {argument.Type}\"");
                    }
                }
                foreach (var extra in field.Arguments.Where(a => wanted.Arguments.All(w => w.Name != a.Name)))
                {
                    if (extra.Type.EndsWith("!", StringComparison.Ordinal) && extra.DefaultJson is null)
                    {
                        Report("FQL0115", extra.Span, t.Name, name,
                            $"its field \"{field.Name}\" adds the required argument \"{extra.Name}: {extra.Type}\" (an argument the interface does not have must be optional)");
                    }
                }
            }
        }
    }

    /// <summary>
    /// FQL0304: a field with a <c>requires_scope</c> that implements an interface field must carry the same
    /// <c>requires_scope</c> and <c>on_deny</c> on the interface. The runtime authorizes a selection made through an
    /// interface (an interface-typed field, or a fragment on the interface) by the interface's field, and projects
    /// each row's value from its concrete type's field: an interface field without the scope would return the value
    /// to any caller. Checked against the interfaces schema.json declares (with <c>Node</c> when a relay type only
    /// gets it from the generator); a stricter interface field (a scope the type's field does not have) is allowed.
    /// The interfaces the generator declares itself (<c>Node</c>, <c>CascadeNode</c>) have only <c>id</c>, which node(id)
    /// is given and a cascade entry repeats unscoped anyway.
    /// </summary>
    private void CheckInterfaceFieldScopes(ObjectTypeModel t)
    {
        static bool Masks(string onDeny) => string.Equals(onDeny, "mask", StringComparison.OrdinalIgnoreCase);
        static string Rule(FieldModel f) => f.RequiresScope is null
            ? "has no requires_scope"
            : $"requires scope \"{f.RequiresScope}\" (on_deny \"{(Masks(f.OnDeny) ? "mask" : "reject")}\")";
        foreach (var name in WithSynthesizedInterfaces(t).Implements.Distinct())
        {
            var declared = _schema.Interfaces.FirstOrDefault(i => i.Name == name);
            if (declared is null)
            {
                continue; // not declared: synthesized (Node, CascadeNode) or not an interface (FQL0101)
            }
            foreach (var field in t.Fields.Where(f => f.RequiresScope is not null))
            {
                var wanted = declared.Fields.FirstOrDefault(f => f.Name == field.Name);
                if (wanted is not null && (wanted.RequiresScope != field.RequiresScope || Masks(wanted.OnDeny) != Masks(field.OnDeny)))
                {
                    Report("FQL0304", field.Span, t.Name, name, field.Name, Rule(field), Rule(wanted));
                }
            }
        }
    }

    /// <summary>GraphQL's IsValidImplementationFieldType over type strings such as <c>[Order!]!</c>.</summary>
    private bool IsValidImplementationFieldType(string fieldType, string implementedType)
    {
        if (fieldType.EndsWith("!", StringComparison.Ordinal))
        {
            return IsValidImplementationFieldType(fieldType.Substring(0, fieldType.Length - 1),
                implementedType.EndsWith("!", StringComparison.Ordinal) ? implementedType.Substring(0, implementedType.Length - 1) : implementedType);
        }
        if (implementedType.EndsWith("!", StringComparison.Ordinal))
        {
            return false; // nullable where the interface promises non-null
        }
        var fieldIsList = fieldType.StartsWith("[", StringComparison.Ordinal);
        var implementedIsList = implementedType.StartsWith("[", StringComparison.Ordinal);
        if (fieldIsList || implementedIsList)
        {
            return fieldIsList && implementedIsList
                && IsValidImplementationFieldType(fieldType.Substring(1, fieldType.Length - 2), implementedType.Substring(1, implementedType.Length - 2));
        }
        if (fieldType == implementedType)
        {
            return true;
        }
        return (KindOf(fieldType), KindOf(implementedType)) switch
        {
            ("object", "union") => _schema.Unions.Any(u => u.Name == implementedType && u.MemberTypes.Any(m => m.Name == fieldType)),
            // as emitted: with the Node and CascadeNode the generator adds
            ("object", "interface") => _objects.TryGetValue(fieldType, out var o) && WithSynthesizedInterfaces(o).Implements.Contains(implementedType),
            ("interface", "interface") => _schema.Interfaces.Any(i => i.Name == fieldType && i.Implements.Contains(implementedType)),
            _ => false,
        };
    }
}
