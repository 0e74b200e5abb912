using FraiseQL.Schema;
using NpgsqlTypes;

namespace FraiseQL.Integration.Tests.Sql;

/// <summary>The inventory service's <see cref="SchemaDescriptor"/>, by hand until the generator lands.</summary>
internal static class InventoryServiceSchema
{
    public static readonly ObjectTypeDescriptor InventoryItem = new()
    {
        Name = "InventoryItem",
        Fields =
        [
            new FieldDescriptor { Name = "id", StorageKey = "id", Type = "ID!" },
            new FieldDescriptor { Name = "sku", StorageKey = "sku", Type = "String!" },
            new FieldDescriptor { Name = "name", StorageKey = "name", Type = "String!" },
            new FieldDescriptor { Name = "quantityAvailable", StorageKey = "quantity_available", Type = "Int!" },
            new FieldDescriptor { Name = "quantityReserved", StorageKey = "quantity_reserved", Type = "Int!" },
        ],
    };

    public static readonly QueryDescriptor InventoryItemQuery = new()
    {
        Name = "inventoryItem",
        ReturnType = "InventoryItem",
        Nullable = true,
        Arguments = [new ArgumentDescriptor { Name = "sku", StorageKey = "sku", Type = "String!" }],
        SqlSource = "\"v_inventory_item\"",
    };

    public static readonly QueryDescriptor InventoryItemsQuery = new()
    {
        Name = "inventoryItems",
        ReturnType = "InventoryItem",
        ReturnsList = true,
        SqlSource = "\"v_inventory_item\"",
        HasWhere = true,
        HasOrderBy = true,
        HasLimit = true,
        HasOffset = true,
        WhereInputType = "InventoryItemWhereInput",
    };

    public static readonly MutationDescriptor Restock = new()
    {
        Name = "restock",
        ReturnType = "InventoryItem",
        Arguments = [new ArgumentDescriptor { Name = "input", StorageKey = "input", Type = "RestockInput!" }],
        FunctionName = "\"fn_restock\"",
        Operation = MutationOperation.Update,
        Sql = "SELECT * FROM \"fn_restock\"($1)",
        Parameters =
        [
            new SqlParameterDescriptor { Name = "p_input", Source = SqlParameterSource.InputAsJsonb, Path = ["input"], GraphQLType = "RestockInput!", DbType = NpgsqlDbType.Jsonb },
        ],
    };

    public static readonly SchemaDescriptor Schema = new()
    {
        ServiceName = "inventory-service",
        Types = [InventoryItem],
        InputTypes =
        [
            new InputTypeDescriptor
            {
                Name = "RestockInput",
                Fields =
                [
                    new InputFieldDescriptor { Name = "sku", StorageKey = "sku", Type = "String!" },
                    new InputFieldDescriptor { Name = "quantity", StorageKey = "quantity", Type = "Int!" },
                ],
            },
            .. DerivedInputs.LeafFilters(),
            .. DerivedInputs.For(InventoryItem),
        ],
        Queries = [InventoryItemQuery, InventoryItemsQuery],
        Mutations = [Restock],
    };
}
