using System.Buffers.Binary;
using System.Globalization;

namespace TaoLens.Ingestion.Chain;

/// <summary>
/// Reads SCALE-encoded bytes front to back. Every failure is a <see cref="SourcePayloadException"/> naming the field path
/// and offset; lengths are checked against the bytes left before anything is allocated.
/// </summary>
public ref struct ScaleReader(ReadOnlySpan<byte> data, string path)
{
    private const string Source = "subtensor";
    private readonly ReadOnlySpan<byte> _data = data;

    public int Offset { get; private set; }

    public readonly int Remaining => _data.Length - Offset;

    /// <summary>Prefix of every field name in error messages, e.g. <c>DynamicInfo[2]</c>.</summary>
    public string Path { get; set; } = path;

    public ReadOnlySpan<byte> ReadBytes(int count, string field)
    {
        if (count < 0 || count > Remaining)
        {
            throw Error(field, $"needs {count} bytes at offset {Offset}, {Remaining} left");
        }

        var bytes = _data.Slice(Offset, count);
        Offset += count;
        return bytes;
    }

    public byte ReadU8(string field) => ReadBytes(1, field)[0];

    public ushort ReadU16(string field) => BinaryPrimitives.ReadUInt16LittleEndian(ReadBytes(2, field));

    public uint ReadU32(string field) => BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4, field));

    public ulong ReadU64(string field) => BinaryPrimitives.ReadUInt64LittleEndian(ReadBytes(8, field));

    public UInt128 ReadU128(string field) => BinaryPrimitives.ReadUInt128LittleEndian(ReadBytes(16, field));

    public Int128 ReadI128(string field) => BinaryPrimitives.ReadInt128LittleEndian(ReadBytes(16, field));

    public bool ReadBool(string field)
    {
        var offset = Offset;
        return ReadU8(field) switch
        {
            0 => false,
            1 => true,
            var b => throw Error(field, $"bool byte 0x{b:x2} at offset {offset} is neither 0x00 nor 0x01"),
        };
    }

    /// <summary>An <c>Option&lt;T&gt;</c> tag: false for None (0x00), true when a value follows (0x01).</summary>
    public bool ReadOptionTag(string field)
    {
        var offset = Offset;
        return ReadU8(field) switch
        {
            0 => false,
            1 => true,
            var b => throw Error(field, $"option tag 0x{b:x2} at offset {offset} is neither 0x00 nor 0x01"),
        };
    }

    /// <summary>A compact integer in any of its four modes, up to 128 bits.</summary>
    public UInt128 ReadCompact(string field)
    {
        var start = Offset;
        if (Remaining < 1)
        {
            throw Error(field, $"needs 1 byte for a compact at offset {start}, 0 left");
        }

        var first = _data[Offset];
        switch (first & 3)
        {
            case 0:
                Offset += 1;
                return (UInt128)(first >> 2);
            case 1:
                return (UInt128)(ReadU16(field) >> 2);
            case 2:
                return (UInt128)(ReadU32(field) >> 2);
            default:
                var length = (first >> 2) + 4;
                if (1 + length > Remaining)
                {
                    throw Error(field, $"needs {1 + length} bytes for a compact at offset {start}, {Remaining} left");
                }

                Offset += 1;
                var bytes = ReadBytes(length, field);
                // Big-integer mode may be longer than 16 bytes only with zero padding; anything else overflows u128.
                for (var i = 16; i < bytes.Length; i++)
                {
                    if (bytes[i] != 0)
                    {
                        throw Error(field, $"compact at offset {start} does not fit in 128 bits");
                    }
                }

                Span<byte> value = stackalloc byte[16];
                bytes[..Math.Min(16, bytes.Length)].CopyTo(value);
                return BinaryPrimitives.ReadUInt128LittleEndian(value);
        }
    }

    public ulong ReadCompactU64(string field)
    {
        var start = Offset;
        var value = ReadCompact(field);
        return value <= ulong.MaxValue
            ? (ulong)value
            : throw Error(field, $"compact {value} at offset {start} exceeds u64");
    }

    public ushort ReadCompactU16(string field)
    {
        var start = Offset;
        var value = ReadCompact(field);
        return value <= ushort.MaxValue
            ? (ushort)value
            : throw Error(field, $"compact {value} at offset {start} exceeds u16");
    }

    public byte ReadCompactU8(string field)
    {
        var start = Offset;
        var value = ReadCompact(field);
        return value <= byte.MaxValue
            ? (byte)value
            : throw Error(field, $"compact {value} at offset {start} exceeds u8");
    }

    /// <summary>A chain amount (rao, alpha-rao, block number) as a compact that must fit a long.</summary>
    public long ReadCompactAmount(string field)
    {
        var start = Offset;
        var value = ReadCompact(field);
        return value <= (UInt128)long.MaxValue
            ? (long)value
            : throw Error(field, $"absurd value {value} at offset {start} (more than {long.MaxValue})");
    }

    /// <summary>
    /// A Vec length. Each item takes at least <paramref name="minItemBytes"/> bytes, so a length the remaining bytes
    /// cannot hold is an error here, before any allocation.
    /// </summary>
    public int ReadLength(string field, int minItemBytes = 1)
    {
        var length = ReadCompact(field);
        var max = minItemBytes <= 0 ? (UInt128)int.MaxValue : (UInt128)(Remaining / minItemBytes);
        return length <= max
            ? (int)length
            : throw Error(field, minItemBytes <= 1
                ? $"needs {length} bytes at offset {Offset}, {Remaining} left"
                : $"needs at least {length * (UInt128)minItemBytes} bytes for {length} items at offset {Offset}, {Remaining} left");
    }

    /// <summary>A <c>Vec&lt;u8&gt;</c>: compact length then raw bytes.</summary>
    public ReadOnlySpan<byte> ReadByteVec(string field)
    {
        var length = ReadLength(field);
        return ReadBytes(length, field);
    }

    /// <summary>A <c>Vec&lt;Compact&lt;u8&gt;&gt;</c>: compact length then each byte compact-encoded.</summary>
    public byte[] ReadCompactByteVec(string field)
    {
        var length = ReadLength(field);
        var bytes = new byte[length];
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = ReadCompactU8(field);
        }

        return bytes;
    }

    public readonly void EnsureEnd(string field)
    {
        if (Remaining != 0)
        {
            throw Error(field, $"{Remaining} unexpected trailing bytes at offset {Offset}");
        }
    }

    public readonly SourcePayloadException Error(string field, string detail)
    {
        var name = Path.Length == 0 ? field : string.Create(CultureInfo.InvariantCulture, $"{Path}.{field}");
        return new SourcePayloadException($"{Source}: {name}: {detail}");
    }
}
