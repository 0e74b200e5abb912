using System.Text.Json;
using FraiseQL.Runtime.Security.Authorization;
using static FraiseQL.Runtime.Tests.Security.SecurityTestSchema;

namespace FraiseQL.Runtime.Tests.Security;

public sealed class IntrospectionFilterTests
{
    private static List<string> FieldsOf(ReadOnlyMemory<byte> json, string type)
    {
        using var doc = JsonDocument.Parse(json);
        var t = doc.RootElement.GetProperty("__schema").GetProperty("types").EnumerateArray().Single(x => x.GetProperty("name").GetString() == type);
        return t.GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("name").GetString()!).ToList();
    }

    [Fact]
    public void Viewer_does_not_see_admin_operations_or_unscoped_rejecting_fields()
    {
        var filter = new IntrospectionFilter(Create());
        var json = filter.For(Caller(["viewer"]));
        Assert.Equal(["orders", "ordersCount"], FieldsOf(json, "Query"));
        Assert.Equal(["createOrder"], FieldsOf(json, "Mutation"));
        Assert.Empty(FieldsOf(json, "Subscription"));
        Assert.Equal(["id", "status", "internalNotes", "customer", "items"], FieldsOf(json, "Order"));
    }

    [Fact]
    public void Admin_sees_admin_operations_and_views_are_cached_per_role_set()
    {
        var filter = new IntrospectionFilter(Create());
        var admin = filter.For(Caller(["admin", "staff"], ["read:*"]));
        Assert.Equal(["orders", "adminReport", "ordersCount"], FieldsOf(admin, "Query"));
        Assert.Equal(["cancelOrder", "createOrder"], FieldsOf(admin, "Mutation"));
        Assert.Equal(["orderStatusChanged"], FieldsOf(admin, "Subscription"));
        Assert.Contains("totalAmount", FieldsOf(admin, "Order"));
        _ = filter.For(Caller(["staff", "admin"], ["read:*"]));
        _ = filter.For(Caller(["viewer"]));
        Assert.Equal(2, filter.CachedViews);
    }
}
