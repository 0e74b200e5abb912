using System.Buffers.Binary;

namespace FraiseQL.Events;

/// <summary>
/// Event ids: UUIDv7 (millisecond timestamp first), strictly increasing within the process. <see cref="Guid.CreateVersion7()"/>
/// alone orders two ids of the same millisecond at random; the relay publishes in id order, so two events of one
/// entity written in the same millisecond (the second mutation waited on the first one's row lock) would otherwise
/// be published in either order. An id that would not be greater than the previous one is the previous one plus one
/// in its random tail (the version and variant bits are untouched).
/// </summary>
public static class EventIds
{
    private static readonly Lock Gate = new();
    private static UInt128 _last;

    /// <summary>A new UUIDv7 greater than every id this process created before.</summary>
    public static Guid Next()
    {
        var candidate = ToUInt128(Guid.CreateVersion7());
        lock (Gate)
        {
            if (candidate <= _last)
            {
                candidate = _last + 1; // the low 62 bits are random: carrying into the variant bits would take 2^62 ids in one millisecond
            }
            _last = candidate;
        }
        return FromUInt128(candidate);
    }

    /// <summary>Orders ids as PostgreSQL orders <c>uuid</c> values (byte by byte, big-endian).</summary>
    public static int Compare(Guid a, Guid b) => ToUInt128(a).CompareTo(ToUInt128(b));

    private static UInt128 ToUInt128(Guid id)
    {
        Span<byte> bytes = stackalloc byte[16];
        id.TryWriteBytes(bytes, bigEndian: true, out _);
        return BinaryPrimitives.ReadUInt128BigEndian(bytes);
    }

    private static Guid FromUInt128(UInt128 value)
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(bytes, value);
        return new Guid(bytes, bigEndian: true);
    }
}
