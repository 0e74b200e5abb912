using FraiseQL.Events;

namespace FraiseQL.Runtime.Tests.Events;

public sealed class EventIdsTests
{
    [Fact]
    public void Ids_Increase_Strictly_Even_Within_One_Millisecond()
    {
        var ids = Enumerable.Range(0, 50_000).Select(_ => EventIds.Next()).ToArray();
        for (var i = 1; i < ids.Length; i++)
        {
            Assert.True(EventIds.Compare(ids[i - 1], ids[i]) < 0, $"id {i} ({ids[i]}) is not greater than id {i - 1} ({ids[i - 1]})");
        }
    }

    [Fact]
    public void Ids_Are_UuidV7_With_The_Rfc_Variant()
    {
        foreach (var id in Enumerable.Range(0, 1_000).Select(_ => EventIds.Next()))
        {
            Assert.Equal(7, id.Version);
            Assert.Contains(id.ToString()[19], "89ab"); // variant bits 10xx
        }
    }

    [Fact]
    public void Ids_Start_With_The_Current_Unix_Millisecond()
    {
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var id = EventIds.Next();
        var after = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var millis = Convert.ToInt64(id.ToString("N")[..12], 16);
        Assert.InRange(millis, before - 1, after + 1); // ±1 ms: the two clock readings are not atomic with the id's
    }

    [Theory]
    [InlineData("00000000-0000-7000-8000-000000000001", "00000000-0000-7000-8000-000000000002")]
    [InlineData("7fffffff-ffff-7fff-bfff-ffffffffffff", "80000000-0000-7000-8000-000000000000")] // a signed comparison of the first field gets this wrong
    [InlineData("0190f000-0000-7fff-8000-000000000000", "0190f000-0001-7000-8000-000000000000")]
    public void Compare_Orders_As_PostgreSQL_Orders_Uuids(string lower, string higher)
    {
        Assert.True(EventIds.Compare(Guid.Parse(lower), Guid.Parse(higher)) < 0);
        Assert.True(EventIds.Compare(Guid.Parse(higher), Guid.Parse(lower)) > 0);
        Assert.Equal(0, EventIds.Compare(Guid.Parse(lower), Guid.Parse(lower)));
    }
}
