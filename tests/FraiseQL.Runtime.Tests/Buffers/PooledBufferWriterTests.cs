using FraiseQL.Buffers;

namespace FraiseQL.Runtime.Tests.Buffers;

public sealed class PooledBufferWriterTests
{
    [Fact]
    public void GrowingKeepsEverythingWrittenInOrder()
    {
        using var writer = new PooledBufferWriter(256);
        var expected = new List<byte>();
        for (var i = 0; i < 100; i++)
        {
            // chunks of varying size, several of them larger than what is left in the current array
            var chunk = Enumerable.Range(0, 37 * (i % 7 + 1)).Select(j => (byte)(i + j)).ToArray();
            var span = writer.GetSpan(chunk.Length);
            Assert.True(span.Length >= chunk.Length);
            chunk.CopyTo(span);
            writer.Advance(chunk.Length);
            expected.AddRange(chunk);
        }
        Assert.Equal(expected.Count, writer.WrittenCount);
        Assert.Equal(expected, writer.WrittenSpan.ToArray());
        Assert.Equal(expected, writer.WrittenMemory.ToArray());
    }

    [Fact]
    public void AdvancingPastTheBufferThrowsAndDisposeEmptiesIt()
    {
        var writer = new PooledBufferWriter(256);
        var free = writer.GetMemory().Length;
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.Advance(free + 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.Advance(-1));
        writer.Advance(3);
        writer.Dispose();
        Assert.Equal(0, writer.WrittenCount);
        writer.Dispose(); // twice is harmless
    }
}
