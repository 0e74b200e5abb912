using System.Text;
using System.Text.Json;
using FraiseQL.GraphQL;
using FraiseQL.Execution;
using FraiseQL.Schema;

namespace FraiseQL.Runtime.Tests.GraphQL;

public sealed class JsonSelectionProjectorTests
{
    private static readonly SchemaIndex Schema = new(new SchemaDescriptor
    {
        ServiceName = "test",
        Types =
        [
            new ObjectTypeDescriptor
            {
                Name = "Order",
                Fields =
                [
                    new FieldDescriptor { Name = "id", StorageKey = "id", Type = "ID!" },
                    new FieldDescriptor { Name = "userId", StorageKey = "user_id", Type = "ID!" },
                    new FieldDescriptor { Name = "items", StorageKey = "items", Type = "[OrderItem!]!" },
                    new FieldDescriptor { Name = "shipTo", StorageKey = "ship_to", Type = "Address" },
                ],
            },
            new ObjectTypeDescriptor { Name = "OrderItem", Fields = [new FieldDescriptor { Name = "unitPrice", StorageKey = "unit_price", Type = "Decimal!" }] },
            new ObjectTypeDescriptor { Name = "Address", Fields = [new FieldDescriptor { Name = "city", StorageKey = "city", Type = "String" }] },
        ],
    });

    private static string Project(string json, string type, params FieldSelection[] selections)
    {
        using var doc = JsonDocument.Parse(json);
        return Encoding.UTF8.GetString(new JsonSelectionProjector(Schema).Project(doc.RootElement, type,
            new FieldSelection { ResponseName = "root", FieldName = "root", Selections = selections }));
    }

    private static FieldSelection F(string name, params FieldSelection[] children) => new() { ResponseName = name, FieldName = name, Selections = children };

    [Fact]
    public void StorageKeys_BecomeResponseNames_InSelectionOrder_WithAliasesAndTypename()
    {
        var json = Project("""{"id":"o1","user_id":"u1","status":"x","metadata":{"a":1}}""", "Order",
            F("userId"), new FieldSelection { ResponseName = "orderId", FieldName = "id" }, F("__typename"));
        Assert.Equal("""{"userId":"u1","orderId":"o1","__typename":"Order"}""", json);
    }

    [Fact]
    public void NestedListsAndObjects_AreProjected_AbsentKeysAreNull()
    {
        var json = Project("""{"items":[{"unit_price":1.5,"sku":"a"},{"unit_price":2}],"ship_to":null}""", "Order",
            F("items", F("unitPrice")), F("shipTo", F("city")), F("userId"));
        Assert.Equal("""{"items":[{"unitPrice":1.5},{"unitPrice":2}],"shipTo":null,"userId":null}""", json);
    }

    [Fact]
    public void UnknownField_FallsBackToSnakeCaseKey()
    {
        Assert.Equal("""{"createdAt":"t"}""", Project("""{"created_at":"t"}""", "Order", F("createdAt")));
    }

    [Fact]
    public void FragmentOnAnotherType_IsLeftOut()
    {
        var json = Project("""{"id":"o1"}""", "Order", F("id"), new FieldSelection { ResponseName = "city", FieldName = "city", TypeCondition = "Address" });
        Assert.Equal("""{"id":"o1"}""", json);
    }

    [Theory]
    [InlineData("quantityAvailable", "quantity_available")]
    [InlineData("id", "id")]
    [InlineData("userID", "user_id")]
    [InlineData("line2Text", "line2_text")]
    public void SnakeCaseKeys(string input, string expected) => Assert.Equal(expected, FraiseQL.Sql.SnakeCase.Convert(input));
}
