using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace TaoLens.Ingestion.Chain;

/// <summary>Substrate storage keys for the few items TaoLens reads.</summary>
public static class StorageKeys
{
    /// <summary>twox128: XXH64 with seed 0 then seed 1, each little-endian.</summary>
    public static byte[] Twox128(ReadOnlySpan<byte> data)
    {
        var result = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(result, XxHash64.HashToUInt64(data, seed: 0));
        BinaryPrimitives.WriteUInt64LittleEndian(result.AsSpan(8), XxHash64.HashToUInt64(data, seed: 1));
        return result;
    }

    public static byte[] Twox128(string text) => Twox128(Encoding.UTF8.GetBytes(text));

    /// <summary>The key of a plain storage value: twox128(pallet) ‖ twox128(item).</summary>
    public static byte[] Value(string pallet, string item) => [.. Twox128(pallet), .. Twox128(item)];

    /// <summary><c>Timestamp.Now</c>: u64 milliseconds since the Unix epoch.</summary>
    public static string TimestampNow { get; } = HexBytes.Encode(Value("Timestamp", "Now"));

    /// <summary><c>SubtensorModule.SubnetExcessTao[netuid]</c>; the map uses the Identity hasher, so the key ends in the raw u16 LE netuid.</summary>
    public static string SubnetExcessTao(ushort netuid)
    {
        Span<byte> suffix = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(suffix, netuid);
        return HexBytes.Encode([.. Value("SubtensorModule", "SubnetExcessTao"), .. suffix]);
    }
}
