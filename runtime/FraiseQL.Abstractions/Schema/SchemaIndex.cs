using System.Collections.Frozen;

namespace FraiseQL.Schema;

/// <summary>
/// Name lookups over a <see cref="SchemaDescriptor"/>, built once at start-up and shared by the
/// validator, the SQL planner and the event bridge.
/// </summary>
public sealed class SchemaIndex
{
    /// <summary>Scalars every schema has, with the GraphQL spellings FraiseQL renders.</summary>
    public static readonly FrozenSet<string> BuiltInScalars = FrozenSet.Create(StringComparer.Ordinal,
        "String", "Int", "Float", "Boolean", "ID", "DateTime", "Date", "Time", "JSON", "UUID", "Decimal");

    public SchemaIndex(SchemaDescriptor schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        Schema = schema;
        Objects = schema.Types.ToFrozenDictionary(t => t.Name, StringComparer.Ordinal);
        Interfaces = schema.Interfaces.ToFrozenDictionary(t => t.Name, StringComparer.Ordinal);
        Unions = schema.Unions.ToFrozenDictionary(t => t.Name, StringComparer.Ordinal);
        Enums = schema.Enums.ToFrozenDictionary(t => t.Name, StringComparer.Ordinal);
        InputTypes = schema.InputTypes.ToFrozenDictionary(t => t.Name, StringComparer.Ordinal);
        Scalars = schema.Scalars.ToFrozenDictionary(t => t.Name, StringComparer.Ordinal);
        Queries = schema.Queries.ToFrozenDictionary(q => q.Name, StringComparer.Ordinal);
        Mutations = schema.Mutations.ToFrozenDictionary(m => m.Name, StringComparer.Ordinal);
        Subscriptions = schema.Subscriptions.ToFrozenDictionary(s => s.Name, StringComparer.Ordinal);
        ObjectFields = schema.Types.ToFrozenDictionary(
            t => t.Name,
            t => t.Fields.ToFrozenDictionary(f => f.Name, StringComparer.Ordinal),
            StringComparer.Ordinal);
        InterfaceFields = schema.Interfaces.ToFrozenDictionary(
            t => t.Name,
            t => t.Fields.ToFrozenDictionary(f => f.Name, StringComparer.Ordinal),
            StringComparer.Ordinal);
        InputFields = schema.InputTypes.ToFrozenDictionary(
            t => t.Name,
            t => t.Fields.ToFrozenDictionary(f => f.Name, StringComparer.Ordinal),
            StringComparer.Ordinal);
    }

    public SchemaDescriptor Schema { get; }
    public FrozenDictionary<string, ObjectTypeDescriptor> Objects { get; }
    public FrozenDictionary<string, InterfaceDescriptor> Interfaces { get; }
    public FrozenDictionary<string, UnionDescriptor> Unions { get; }
    public FrozenDictionary<string, EnumDescriptor> Enums { get; }
    public FrozenDictionary<string, InputTypeDescriptor> InputTypes { get; }
    public FrozenDictionary<string, ScalarDescriptor> Scalars { get; }
    public FrozenDictionary<string, QueryDescriptor> Queries { get; }
    public FrozenDictionary<string, MutationDescriptor> Mutations { get; }
    public FrozenDictionary<string, SubscriptionDescriptor> Subscriptions { get; }
    public FrozenDictionary<string, FrozenDictionary<string, FieldDescriptor>> ObjectFields { get; }
    public FrozenDictionary<string, FrozenDictionary<string, FieldDescriptor>> InterfaceFields { get; }
    public FrozenDictionary<string, FrozenDictionary<string, InputFieldDescriptor>> InputFields { get; }

    public bool IsScalar(string name) => BuiltInScalars.Contains(name) || Scalars.ContainsKey(name);

    public bool IsLeaf(string name) => IsScalar(name) || Enums.ContainsKey(name);

    public bool IsInputType(string name) => IsLeaf(name) || InputTypes.ContainsKey(name);

    /// <summary>Object, interface or union type: a value with fields (a JSON object in the view), not a leaf.</summary>
    public bool IsComposite(string name) => Objects.ContainsKey(name) || Interfaces.ContainsKey(name) || Unions.ContainsKey(name);

    public bool IsOutputType(string name) =>
        IsLeaf(name) || Objects.ContainsKey(name) || Interfaces.ContainsKey(name) || Unions.ContainsKey(name);

    /// <summary>Field of an object or interface type, or null.</summary>
    public FieldDescriptor? FindField(string typeName, string fieldName)
    {
        if (ObjectFields.TryGetValue(typeName, out var fields) || InterfaceFields.TryGetValue(typeName, out fields))
        {
            return fields.TryGetValue(fieldName, out var f) ? f : null;
        }
        return null;
    }

    /// <summary>Concrete object types a composite (object, interface, union) can be.</summary>
    public IEnumerable<string> PossibleTypes(string typeName)
    {
        if (Objects.ContainsKey(typeName))
        {
            return [typeName];
        }
        if (Unions.TryGetValue(typeName, out var union))
        {
            return union.MemberTypes;
        }
        if (Interfaces.ContainsKey(typeName))
        {
            return Schema.Types.Where(t => t.Implements.Contains(typeName, StringComparer.Ordinal)).Select(t => t.Name);
        }
        return [];
    }
}
