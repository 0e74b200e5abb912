using System.Text.Json;
using FraiseQL.Events;
using FraiseQL.Schema;

namespace FraiseQL.Runtime.Tests.Events;

public sealed class SubscriptionFilterTests
{
    private static readonly SubscriptionDescriptor Subscription = new()
    {
        Name = "orderStatusChanged",
        ReturnType = "Order",
        Topic = "order_status_changed",
        Filters =
        [
            new SubscriptionFilterDescriptor { Argument = "orderId", Path = ["id"] },
            new SubscriptionFilterDescriptor { Argument = "city", Path = ["ship_to", "city"] },
            new SubscriptionFilterDescriptor { Argument = "minTotal", Path = ["total"] },
        ],
    };

    private static bool Matches(string payload, Dictionary<string, object?> args)
    {
        using var doc = JsonDocument.Parse(payload);
        return new SubscriptionFilter(Subscription, args).Matches(doc.RootElement);
    }

    [Fact]
    public void NullOrAbsentArguments_DoNotFilter()
    {
        Assert.True(Matches("""{"id":"a"}""", new() { ["orderId"] = null }));
        Assert.True(Matches("""{"id":"a"}""", new()));
        Assert.True(new SubscriptionFilter(Subscription, new Dictionary<string, object?> { ["orderId"] = null }).IsEmpty);
    }

    [Fact]
    public void UuidArgument_MatchesCaseInsensitively_OtherIdsDoNot()
    {
        const string id = "0f8fad5b-d9cb-469f-a165-70867728950e";
        Assert.True(Matches($$"""{"id":"{{id}}"}""", new() { ["orderId"] = id.ToUpperInvariant() }));
        Assert.False(Matches("""{"id":"1f8fad5b-d9cb-469f-a165-70867728950e"}""", new() { ["orderId"] = id }));
    }

    [Fact]
    public void NestedPath_And_Numbers()
    {
        Assert.True(Matches("""{"ship_to":{"city":"Lyon"},"total":20.0}""", new() { ["city"] = "Lyon", ["minTotal"] = 20m }));
        Assert.False(Matches("""{"ship_to":{"city":"Paris"},"total":20.0}""", new() { ["city"] = "Lyon" }));
        Assert.False(Matches("""{"total":20}""", new() { ["city"] = "Lyon" }));
        Assert.True(Matches("""{"total":20}""", new() { ["minTotal"] = 20L }));
        Assert.False(Matches("""{"total":"x"}""", new() { ["minTotal"] = 20L }));
    }
}
