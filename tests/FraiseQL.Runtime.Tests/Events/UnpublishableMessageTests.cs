using FraiseQL.Events;

namespace FraiseQL.Runtime.Tests.Events;

public sealed class UnpublishableMessageTests
{
    private static readonly KeyValuePair<string, string>[] Envelope = [new("FraiseQL-Event-Id", "0193f3b4-0000-7000-8000-000000000001"), new("FraiseQL-Principal", "jürgen")];

    [Fact]
    public void A_usual_event_can_be_published()
    {
        Assert.Null(UnpublishableMessage.ReasonOf("shop.order.created", """{"id": 1}""", Envelope, maxPayload: 1024 * 1024));
        Assert.Null(UnpublishableMessage.ReasonOf("shop.order.created", """{"id": 1}""", Envelope, maxPayload: null));
    }

    [Theory]
    [InlineData("FraiseQL-Audit-ticket id")]
    [InlineData("FraiseQL-Audit-a:b")]
    [InlineData("FraiseQL-Audit-über")]
    [InlineData("")]
    public void A_header_name_NATS_refuses_is_named(string name)
    {
        var reason = UnpublishableMessage.ReasonOf("s", "{}", [new(name, "v")], maxPayload: null);
        Assert.Equal($"header name \"{name}\" is not valid in NATS (printable ASCII without spaces or ':')", reason);
    }

    [Fact]
    public void A_line_break_in_a_header_value_is_refused()
    {
        Assert.Equal("header FraiseQL-Principal has a line break in its value",
            UnpublishableMessage.ReasonOf("s", "{}", [new("FraiseQL-Principal", "a\r\nInjected: 1")], maxPayload: null));
    }

    [Fact]
    public void Body_and_headers_together_over_max_payload_are_refused_counting_utf8_bytes()
    {
        var body = "\"" + new string('é', 500) + "\""; // 1,002 bytes in UTF-8
        var fits = UnpublishableMessage.ReasonOf("s", body, [], maxPayload: 2000);
        var tooLarge = UnpublishableMessage.ReasonOf("s", body, Envelope, maxPayload: 1100);

        Assert.Null(fits);
        Assert.NotNull(tooLarge);
        Assert.Matches(@"^message of \d+ bytes \(body and headers\) exceeds the NATS server's max_payload of 1100 bytes$", tooLarge);
    }
}
