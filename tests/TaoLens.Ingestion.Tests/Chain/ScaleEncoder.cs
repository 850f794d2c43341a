using System.Buffers.Binary;
using System.Text;
using TaoLens.Ingestion.Chain;

namespace TaoLens.Ingestion.Tests.Chain;

/// <summary>Test-side SCALE encoder, written from the spec (and make_dynamic_info_fixture.py), not from the decoder.</summary>
internal sealed class ScaleEncoder
{
    private readonly List<byte> _bytes = [];

    public byte[] ToArray() => [.. _bytes];

    public ScaleEncoder Raw(params byte[] bytes)
    {
        _bytes.AddRange(bytes);
        return this;
    }

    public ScaleEncoder U16(ushort value)
    {
        var buffer = new byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(buffer, value);
        return Raw(buffer);
    }

    public ScaleEncoder U64(ulong value)
    {
        var buffer = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(buffer, value);
        return Raw(buffer);
    }

    public ScaleEncoder I128(Int128 value)
    {
        var buffer = new byte[16];
        BinaryPrimitives.WriteInt128LittleEndian(buffer, value);
        return Raw(buffer);
    }

    public ScaleEncoder Compact(UInt128 value)
    {
        if (value < 1 << 6)
        {
            return Raw((byte)(value << 2));
        }

        if (value < 1 << 14)
        {
            return U16((ushort)((value << 2) | 1));
        }

        if (value < 1 << 30)
        {
            var buffer = new byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(buffer, (uint)((value << 2) | 2));
            return Raw(buffer);
        }

        var length = 0;
        for (var v = value; v > 0; v >>= 8)
        {
            length++;
        }

        Raw((byte)(((length - 4) << 2) | 3));
        for (var i = 0; i < length; i++)
        {
            Raw((byte)(value >> (8 * i)));
        }

        return this;
    }

    public ScaleEncoder VecU8(byte[] bytes) => Compact((UInt128)bytes.Length).Raw(bytes);

    public ScaleEncoder VecU8(string text) => VecU8(Encoding.UTF8.GetBytes(text));

    public ScaleEncoder VecCompactU8(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        Compact((UInt128)bytes.Length);
        foreach (var b in bytes)
        {
            Compact(b);
        }

        return this;
    }

    public ScaleEncoder DynamicInfo(DynamicInfoSpec d, IdentityVersion version = IdentityVersion.V3)
    {
        Compact(d.Netuid).Raw(d.Hotkey).Raw(d.Coldkey).VecCompactU8(d.Name).VecCompactU8(d.Symbol);
        foreach (var value in (UInt128[])[d.Tempo, d.LastStep, d.BlocksSinceLastStep, d.Emission, d.AlphaIn, d.AlphaOut, d.TaoIn,
                     d.AlphaOutEmission, d.AlphaInEmission, d.TaoInEmission, d.PendingAlphaEmission, d.PendingRootEmission,
                     d.SubnetVolume, d.NetworkRegisteredAt])
        {
            Compact(value);
        }

        if (d.Identity is null)
        {
            Raw(0);
        }
        else
        {
            var i = d.Identity;
            Raw(1).VecU8(i.Name).VecU8(i.Github).VecU8(i.Contact).VecU8(i.Url).VecU8(i.Discord).VecU8(i.Description);
            if (version == IdentityVersion.V3)
            {
                VecU8(i.Logo);
            }

            VecU8(i.Additional);
        }

        return I128(d.MovingPriceBits);
    }

    public static byte[] All(IdentityVersion version, params DynamicInfoSpec?[] entries)
    {
        var encoder = new ScaleEncoder().Compact((UInt128)entries.Length);
        foreach (var entry in entries)
        {
            if (entry is null)
            {
                encoder.Raw(0);
            }
            else
            {
                encoder.Raw(1).DynamicInfo(entry, version);
            }
        }

        return encoder.ToArray();
    }
}

internal sealed record IdentitySpec(
    string Name = "Example",
    string Github = "https://github.com/example/repo",
    string Contact = "ops@example.invalid",
    string Url = "https://example.invalid",
    string Discord = "example#1",
    string Description = "An example subnet",
    string Logo = "https://example.invalid/logo.png",
    string Additional = "extra");

internal sealed record DynamicInfoSpec
{
    public ushort Netuid { get; init; } = 7;
    public byte[] Hotkey { get; init; } = Enumerable.Repeat((byte)0x33, 32).ToArray();
    public byte[] Coldkey { get; init; } = Enumerable.Repeat((byte)0x44, 32).ToArray();
    public string Name { get; init; } = "seven";
    public string Symbol { get; init; } = "\u03b1";
    public UInt128 Tempo { get; init; } = 360;
    public UInt128 LastStep { get; init; } = 5_000_000;
    public UInt128 BlocksSinceLastStep { get; init; } = 12;
    public UInt128 Emission { get; init; }
    public UInt128 AlphaIn { get; init; } = 2_000_000_000_000;
    public UInt128 AlphaOut { get; init; } = 3_000_000_000_000;
    public UInt128 TaoIn { get; init; } = 500_000_000_000;
    public UInt128 AlphaOutEmission { get; init; } = 1_000_000_000;
    public UInt128 AlphaInEmission { get; init; } = 400_000_000;
    public UInt128 TaoInEmission { get; init; } = 100_000_000;
    public UInt128 PendingAlphaEmission { get; init; } = 77;
    public UInt128 PendingRootEmission { get; init; }
    public UInt128 SubnetVolume { get; init; } = 123_456_789;
    public UInt128 NetworkRegisteredAt { get; init; } = 4_000_000;
    public IdentitySpec? Identity { get; init; } = new();
    public Int128 MovingPriceBits { get; init; } = 1L << 31;
}
