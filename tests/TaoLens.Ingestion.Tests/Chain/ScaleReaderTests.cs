using TaoLens.Ingestion.Chain;

namespace TaoLens.Ingestion.Tests.Chain;

public sealed class ScaleReaderTests
{
    [Theory]
    [InlineData("00", 0UL)]
    [InlineData("fc", 63UL)]
    [InlineData("0101", 64UL)]
    [InlineData("fdff", 16383UL)]
    [InlineData("02000100", 16384UL)]
    [InlineData("feffffff", 1073741823UL)]
    [InlineData("0300000040", 1073741824UL)]
    [InlineData("13ffffffffffffffff", ulong.MaxValue)]
    public void Compact_reads_all_four_modes(string hex, ulong expected)
    {
        var reader = new ScaleReader(Convert.FromHexString(hex), "t");

        Assert.Equal(expected, reader.ReadCompactU64("v"));
        Assert.Equal(0, reader.Remaining);
    }

    [Fact]
    public void Compact_reads_128_bit_values_and_rejects_wider_ones()
    {
        var max = new ScaleReader(Convert.FromHexString("33" + new string('f', 32)), "t");
        Assert.Equal(UInt128.MaxValue, max.ReadCompact("v"));

        var tooWide = Convert.FromHexString("37" + new string('0', 32) + "01");
        var error = Assert.Throws<SourcePayloadException>(() => new ScaleReader(tooWide, "t").ReadCompact("v"));
        Assert.Contains("does not fit in 128 bits", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compact_beyond_the_target_width_is_a_payload_error()
    {
        var bytes = Convert.FromHexString("17000000000000000001"); // 2^64 in big-integer mode
        Assert.Throws<SourcePayloadException>(() => new ScaleReader(bytes, "t").ReadCompactU64("v"));
        Assert.Throws<SourcePayloadException>(() => new ScaleReader(Convert.FromHexString("0104"), "t").ReadCompactU8("v"));
        Assert.Throws<SourcePayloadException>(() => new ScaleReader(Convert.FromHexString("02000400"), "t").ReadCompactU16("v"));
    }

    [Fact]
    public void Short_read_names_path_field_offset_and_bytes_left()
    {
        var error = Assert.Throws<SourcePayloadException>(() =>
        {
            var reader = new ScaleReader(new byte[5], "Thing[1]");
            reader.ReadU16("a");
            reader.ReadU64("b");
        });

        Assert.Equal("subtensor: Thing[1].b: needs 8 bytes at offset 2, 3 left", error.Message);
    }

    [Fact]
    public void Option_and_bool_tags_other_than_0_or_1_are_rejected()
    {
        Assert.Throws<SourcePayloadException>(() => new ScaleReader([2], "t").ReadOptionTag("o"));
        Assert.Throws<SourcePayloadException>(() => new ScaleReader([7], "t").ReadBool("b"));
        Assert.True(new ScaleReader([1], "t").ReadBool("b"));
    }

    [Fact]
    public void Fixed_width_integers_are_little_endian()
    {
        var reader = new ScaleReader(Convert.FromHexString("0102" + "01000000" + "0100000000000000" + "01000000000000000000000000000000"), "t");

        Assert.Equal(0x0201, reader.ReadU16("a"));
        Assert.Equal(1u, reader.ReadU32("b"));
        Assert.Equal(1UL, reader.ReadU64("c"));
        Assert.Equal(UInt128.One, reader.ReadU128("d"));
    }

    [Fact]
    public void Vec_length_larger_than_the_bytes_left_is_rejected_before_allocating()
    {
        var error = Assert.Throws<SourcePayloadException>(() => new ScaleReader(Convert.FromHexString("0300000040aabb"), "t").ReadByteVec("names"));

        Assert.Equal("subtensor: t.names: needs 1073741824 bytes at offset 5, 2 left", error.Message);
    }

    [Fact]
    public void Hex_without_prefix_with_odd_length_or_bad_digits_is_a_payload_error()
    {
        Assert.Throws<SourcePayloadException>(() => HexBytes.Decode("0102", "f"));
        Assert.Contains("odd", Assert.Throws<SourcePayloadException>(() => HexBytes.Decode("0x012", "f")).Message, StringComparison.Ordinal);
        Assert.Throws<SourcePayloadException>(() => HexBytes.Decode("0xzz", "f"));
        Assert.Empty(HexBytes.Decode("0x", "f"));
        Assert.Equal([0xab, 0xcd], HexBytes.Decode("0xABcd", "f"));
    }
}
