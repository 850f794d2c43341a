using System.Buffers.Binary;
using System.Numerics;

namespace TaoLens.Ingestion.Chain;

/// <summary>XXH64, the hash behind Substrate's twox storage hashers (System.IO.Hashing is not referenced).</summary>
public static class XxHash64
{
    private const ulong Prime1 = 0x9E3779B185EBCA87UL;
    private const ulong Prime2 = 0xC2B2AE3D27D4EB4FUL;
    private const ulong Prime3 = 0x165667B19E3779F9UL;
    private const ulong Prime4 = 0x85EBCA77C2B2AE63UL;
    private const ulong Prime5 = 0x27D4EB2F165667C5UL;

    public static ulong Hash(ReadOnlySpan<byte> data, ulong seed = 0)
    {
        var input = data;
        ulong acc;
        if (input.Length >= 32)
        {
            var v1 = seed + Prime1 + Prime2;
            var v2 = seed + Prime2;
            var v3 = seed;
            var v4 = seed - Prime1;
            while (input.Length >= 32)
            {
                v1 = Round(v1, BinaryPrimitives.ReadUInt64LittleEndian(input));
                v2 = Round(v2, BinaryPrimitives.ReadUInt64LittleEndian(input[8..]));
                v3 = Round(v3, BinaryPrimitives.ReadUInt64LittleEndian(input[16..]));
                v4 = Round(v4, BinaryPrimitives.ReadUInt64LittleEndian(input[24..]));
                input = input[32..];
            }

            acc = BitOperations.RotateLeft(v1, 1) + BitOperations.RotateLeft(v2, 7)
                + BitOperations.RotateLeft(v3, 12) + BitOperations.RotateLeft(v4, 18);
            acc = MergeRound(acc, v1);
            acc = MergeRound(acc, v2);
            acc = MergeRound(acc, v3);
            acc = MergeRound(acc, v4);
        }
        else
        {
            acc = seed + Prime5;
        }

        acc += (ulong)data.Length;
        while (input.Length >= 8)
        {
            acc ^= Round(0, BinaryPrimitives.ReadUInt64LittleEndian(input));
            acc = (BitOperations.RotateLeft(acc, 27) * Prime1) + Prime4;
            input = input[8..];
        }

        if (input.Length >= 4)
        {
            acc ^= BinaryPrimitives.ReadUInt32LittleEndian(input) * Prime1;
            acc = (BitOperations.RotateLeft(acc, 23) * Prime2) + Prime3;
            input = input[4..];
        }

        foreach (var b in input)
        {
            acc ^= b * Prime5;
            acc = BitOperations.RotateLeft(acc, 11) * Prime1;
        }

        acc ^= acc >> 33;
        acc *= Prime2;
        acc ^= acc >> 29;
        acc *= Prime3;
        acc ^= acc >> 32;
        return acc;
    }

    private static ulong Round(ulong acc, ulong lane)
    {
        acc += lane * Prime2;
        acc = BitOperations.RotateLeft(acc, 31);
        return acc * Prime1;
    }

    private static ulong MergeRound(ulong acc, ulong value)
    {
        acc ^= Round(0, value);
        return (acc * Prime1) + Prime4;
    }
}
