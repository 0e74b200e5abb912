using FraiseQL.Schema;

namespace FraiseQL.Integration.Tests.Sql;

/// <summary>
/// The derived where/orderBy inputs the generator emits (<c>OrderWhereInput</c>, <c>StringFilter</c>,
/// <c>OrderOrderByInput</c>…), built by hand for the hand-written test schemas.
/// </summary>
internal static class DerivedInputs
{
    private static readonly string[] Operators =
        ["eq", "neq", "gt", "gte", "lt", "lte", "in", "nin", "isnull", "is_not_null", "like", "ilike", "nlike", "nilike",
         "contains", "icontains", "startswith", "istartswith", "endswith", "iendswith", "regex", "iregex",
         "matches", "plain_query", "phrase_query", "websearch_query"];

    public static InputTypeDescriptor[] LeafFilters() =>
        [Filter("StringFilter", "String"), Filter("IntFilter", "Int"), Filter("DecimalFilter", "Decimal"), Filter("IDFilter", "ID"),
         Filter("DateTimeFilter", "DateTime"), Filter("BooleanFilter", "Boolean"), Filter("FloatFilter", "Float")];

    private static InputTypeDescriptor Filter(string name, string scalar) => new()
    {
        Name = name,
        IsDerived = true,
        Fields = Operators.Select(op => new InputFieldDescriptor
        {
            Name = op,
            StorageKey = op,
            Type = op is "in" or "nin" ? $"[{scalar}!]" : op is "isnull" or "is_not_null" ? "Boolean" : op.Contains("like", StringComparison.Ordinal) || op.Contains("with", StringComparison.Ordinal) || op.Contains("contains", StringComparison.Ordinal) || op.Contains("regex", StringComparison.Ordinal) || op.Contains("query", StringComparison.Ordinal) || op == "matches" ? "String" : scalar,
        }).ToArray(),
    };

    public static InputTypeDescriptor[] For(ObjectTypeDescriptor type) =>
    [
        new InputTypeDescriptor
        {
            Name = type.Name + "WhereInput",
            IsDerived = true,
            FilterFor = type.Name,
            Fields =
            [
                .. type.Fields.Where(f => !f.Type.StartsWith('[')).Select(f => new InputFieldDescriptor
                {
                    Name = f.Name,
                    StorageKey = f.StorageKey,
                    Type = TypeRef.Parse(f.Type).NamedType switch
                    {
                        "String" => "StringFilter", "Int" => "IntFilter", "Decimal" => "DecimalFilter", "ID" => "IDFilter",
                        "DateTime" => "DateTimeFilter", "Boolean" => "BooleanFilter", "Float" => "FloatFilter", var other => other + "WhereInput",
                    },
                }),
                new InputFieldDescriptor { Name = "_and", StorageKey = "_and", Type = $"[{type.Name}WhereInput!]" },
                new InputFieldDescriptor { Name = "_or", StorageKey = "_or", Type = $"[{type.Name}WhereInput!]" },
                new InputFieldDescriptor { Name = "_not", StorageKey = "_not", Type = $"{type.Name}WhereInput" },
            ],
        },
        new InputTypeDescriptor
        {
            Name = type.Name + "OrderByInput",
            IsDerived = true,
            Fields =
            [
                new InputFieldDescriptor { Name = "field", StorageKey = "field", Type = "String!" },
                new InputFieldDescriptor { Name = "direction", StorageKey = "direction", Type = "SortDirection", DefaultValueJson = "\"ASC\"" },
            ],
        },
    ];
}
