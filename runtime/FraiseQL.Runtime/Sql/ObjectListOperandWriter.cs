using System.Globalization;
using System.Text.Json;
using FraiseQL.Execution;
using FraiseQL.Schema;

namespace FraiseQL.Sql;

/// <summary>
/// Writes the JSON operand of a filter on a list of objects (<c>{lines: {array_contains: [{unitCost: 5}]}}</c>, and of
/// interfaces and unions) the way the elements are stored, reading it against the element type as a direct
/// <c>where</c> reads its fields:
/// <list type="bullet">
/// <item>every key names a field of the type: its GraphQL name, or its storage key (the same field; the GraphQL name
/// wins when a key is one field's name and another's storage key), and is written as the storage key;</item>
/// <item>every field named passes <see cref="FieldUseAuthorization"/> as <c>where: {unitCost: …}</c> does, so a field
/// whose <c>requires_scope</c> the caller lacks is FORBIDDEN however the operand spells it and however deep;</item>
/// <item>an object below a field is read against the field's type, and a list against its element type, at any depth
/// (a lone value where a list is stored is a list of one, as in GraphQL's input coercion); a leaf is written as the
/// field stores it (numbers as numbers, enum names as their stored values, UUIDs canonical); a JSON field's value is
/// free-form JSON, as given;</item>
/// <item>a list of an interface or a union may hold any type it can be: a key may name a field of any of them (and
/// <c>__typename</c>);</item>
/// <item>what the operand tests is the value under the storage key written, in whichever type an element has, so
/// every field stored under that key is checked, not only the one named (members of a union may keep different
/// fields under one key, and a JSON field may read an object field's value free-form).</item>
/// </list>
/// An unknown key, or a value of the wrong shape, is BAD_USER_INPUT. Until 2026-12-07 the keys were checked only at the
/// top level and by GraphQL name, and anything else reached <c>@&gt;</c> unchanged, so a caller without the scope
/// could ask yes/no questions about a scoped field's stored value through its storage key (<c>[{unit_cost: 5}]</c>) or
/// a nested key (<c>[{product: {margin: 40}}]</c>). The walk runs on every request, including those whose SQL text
/// comes from the statement cache: the parameter is written by it.
/// </summary>
internal sealed class ObjectListOperandWriter(SchemaIndex schema, TypeRef listType, RequestContext context, FieldSelection field)
{
    private const string TypeNameKey = "__typename";

    /// <summary>Writes <paramref name="operand"/>, a value of the list field's type, at <paramref name="path"/> (for errors).</summary>
    public void Write(Utf8JsonWriter writer, object? operand, string path) => WriteValue(writer, operand, [listType], path);

    /// <summary>
    /// Writes a value that may be of any of <paramref name="types"/> (one type, except below a key that names fields
    /// of several members of an interface or union).
    /// </summary>
    private void WriteValue(Utf8JsonWriter writer, object? value, IReadOnlyList<TypeRef> types, string path)
    {
        if (value is null)
        {
            writer.WriteNullValue();
            return;
        }
        var lists = types.Count(t => t.Nullable.IsList);
        if (lists == types.Count)
        {
            var itemTypes = types.Select(t => t.Nullable.OfType!).ToArray();
            writer.WriteStartArray();
            if (value is IReadOnlyList<object?> items)
            {
                for (var i = 0; i < items.Count; i++)
                {
                    WriteValue(writer, items[i], itemTypes, path + "[" + i.ToString(CultureInfo.InvariantCulture) + "]");
                }
            }
            else
            {
                WriteValue(writer, value, itemTypes, path);
            }
            writer.WriteEndArray();
            return;
        }
        var named = types.Select(t => t.NamedType).Distinct(StringComparer.Ordinal).ToArray();
        var composite = named.Count(schema.IsComposite);
        if (lists > 0 || (composite > 0 && composite < named.Length))
        {
            throw SqlErrors.BadUserInput(field, $"{path}: the types this value can have differ ({string.Join(", ", types)}): it cannot be filtered on here.");
        }
        if (composite > 0)
        {
            if (value is not IReadOnlyDictionary<string, object?> map)
            {
                throw SqlErrors.BadUserInput(field, $"{path}: expected an object of {Describe(named)}'s fields.");
            }
            WriteObject(writer, map, named, path);
            return;
        }
        WriteLeaf(writer, value, named[0], path);
    }

    private void WriteObject(Utf8JsonWriter writer, IReadOnlyDictionary<string, object?> map, string[] typeNames, string path)
    {
        var members = typeNames.SelectMany(Members).Distinct(StringComparer.Ordinal).ToArray();
        var written = new HashSet<string>(StringComparer.Ordinal);
        writer.WriteStartObject();
        foreach (var (key, value) in map)
        {
            var keyPath = path + "." + key;
            var (storageKey, types) = Resolve(members, typeNames, key, path, keyPath);
            if (!written.Add(storageKey))
            {
                throw SqlErrors.BadUserInput(field, $"{keyPath}: this object names the field stored as '{storageKey}' twice (its GraphQL name and its storage key are one field).");
            }
            writer.WritePropertyName(storageKey);
            WriteValue(writer, value, types, keyPath);
        }
        writer.WriteEndObject();
    }

    /// <summary>
    /// The storage key <paramref name="key"/> stands for in <paramref name="members"/> (it names a field by GraphQL
    /// name, else by storage key) and the types of the value stored there. The operand tests that stored value in
    /// whichever of the types an element has, so every field stored under it is authorized for the caller, not only
    /// the one named (two members of a union may keep different fields under one key).
    /// </summary>
    private (string StorageKey, IReadOnlyList<TypeRef> Types) Resolve(string[] members, string[] typeNames, string key, string path, string keyPath)
    {
        var named = Matches(members, key, byName: true);
        if (named.Count == 0)
        {
            named = Matches(members, key, byName: false);
        }
        if (named.Count == 0)
        {
            if (key == TypeNameKey)
            {
                return (TypeNameKey, [TypeRef.Named("String")]);
            }
            var declared = members.SelectMany(m => Fields(m)?.Keys ?? Enumerable.Empty<string>()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
            throw SqlErrors.BadUserInput(field,
                $"{path}: '{key}' is not a field of {Describe(typeNames)}. Its fields: {string.Join(", ", declared)} (GraphQL names; the storage keys are accepted too).");
        }
        foreach (var (owner, descriptor) in named)
        {
            FieldUseAuthorization.Require(descriptor, owner, context, field, keyPath, "filter on");
        }
        var storageKey = named[0].Descriptor.StorageKey;
        if (named.Any(m => m.Descriptor.StorageKey != storageKey))
        {
            throw SqlErrors.BadUserInput(field,
                $"{keyPath}: '{key}' names fields stored under different keys ({string.Join(", ", named.Select(m => $"{m.Owner}.{m.Descriptor.Name}: '{m.Descriptor.StorageKey}'"))}): it cannot be filtered on here.");
        }
        var stored = Matches(members, storageKey, byName: false);
        foreach (var (owner, descriptor) in stored)
        {
            FieldUseAuthorization.Require(descriptor, owner, context, field, keyPath, "filter on");
        }
        // the value is read as the types of every field stored there, the named ones first; a JSON field that reads
        // the same value free-form (Book.authorJson beside Book.author) declares nothing below it, so when another
        // field does, the value is read as that one's (its nested keys are checked), and as free JSON only otherwise
        var types = named.Concat(stored).Select(m => TypeRef.Parse(m.Descriptor.Type)).Distinct().ToArray();
        return (storageKey, types.All(IsFreeJson) ? types[..1] : types.Where(t => !IsFreeJson(t)).ToArray());
    }

    private bool IsFreeJson(TypeRef type) => !type.Nullable.IsList && ScalarKinds.Of(schema, type.NamedType) == ScalarKind.Json;

    private List<(string Owner, FieldDescriptor Descriptor)> Matches(string[] members, string key, bool byName)
    {
        var matches = new List<(string, FieldDescriptor)>();
        foreach (var member in members)
        {
            if (Fields(member) is not { } fields)
            {
                continue;
            }
            if (byName)
            {
                if (fields.TryGetValue(key, out var named))
                {
                    matches.Add((member, named));
                }
                continue;
            }
            foreach (var descriptor in fields.Values)
            {
                if (descriptor.StorageKey == key)
                {
                    matches.Add((member, descriptor));
                }
            }
        }
        return matches;
    }

    private IReadOnlyDictionary<string, FieldDescriptor>? Fields(string typeName) =>
        schema.ObjectFields.TryGetValue(typeName, out var fields) || schema.InterfaceFields.TryGetValue(typeName, out fields) ? fields : null;

    /// <summary>The types whose fields an object of <paramref name="typeName"/> may have: itself, and what it can be.</summary>
    private IEnumerable<string> Members(string typeName) =>
        schema.Objects.ContainsKey(typeName) ? [typeName] : [typeName, .. schema.PossibleTypes(typeName)];

    private static string Describe(string[] typeNames) => string.Join(" or ", typeNames);

    private void WriteLeaf(Utf8JsonWriter writer, object value, string typeName, string path)
    {
        var kind = ScalarKinds.Of(schema, typeName);
        if (kind == ScalarKind.Json)
        {
            JsonbFilterCompiler.WriteValue(writer, value, ScalarKind.Json, field, path);
            return;
        }
        if (value is IReadOnlyList<object?> or IReadOnlyDictionary<string, object?>)
        {
            throw SqlErrors.BadUserInput(field, $"{path}: expected one {typeName} value, got a list or an object.");
        }
        if (kind == ScalarKind.Enum && value is string name && schema.Enums.TryGetValue(typeName, out var enumType)
            && Array.Find(enumType.Values, v => v.Name == name) is { } enumValue)
        {
            writer.WriteStringValue(enumValue.StorageValue);
            return;
        }
        JsonbFilterCompiler.WriteValue(writer, value, kind, field, path);
    }
}
