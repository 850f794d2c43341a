using System.Text.Json;
using TaoLens.Ingestion.Chain;
using TaoLens.Ingestion.Tests.Fixtures;

namespace TaoLens.Ingestion.Tests.Chain;

public sealed class DynamicInfoDecoderTests
{
    private static readonly string ZeroKeyAddress = "5C4hrfjw9DjXZTzV3MwzrrAr9P1MJhSrvWGWqi1eSuyUpnhM";

    internal static byte[] FixtureBytes() =>
        HexBytes.Decode(Fixture.Read("scale_fixtures", "all_dynamic_info.synthetic.hex").Trim(), "fixture");

    [Fact]
    public void Fixture_decodes_to_every_expected_value()
    {
        var decoded = DynamicInfoDecoder.DecodeAll(FixtureBytes());

        Assert.Equal(IdentityVersion.V3, decoded.Version);
        using var expected = JsonDocument.Parse(Fixture.Read("scale_fixtures", "all_dynamic_info.synthetic.expected.json"));
        var expectedEntries = expected.RootElement.EnumerateArray().ToList();
        Assert.Equal(expectedEntries.Count, decoded.Entries.Count);
        for (var i = 0; i < expectedEntries.Count; i++)
        {
            var e = expectedEntries[i];
            var a = decoded.Entries[i];
            if (e.ValueKind == JsonValueKind.Null)
            {
                Assert.Null(a);
                continue;
            }

            Assert.NotNull(a);
            Assert.Equal(e.GetProperty("netuid").GetUInt16(), a.Netuid);
            Assert.Equal(Ss58.Encode(Convert.FromHexString(e.GetProperty("owner_hotkey_hex").GetString()!)), a.OwnerHotkey);
            Assert.Equal(Ss58.Encode(Convert.FromHexString(e.GetProperty("owner_coldkey_hex").GetString()!)), a.OwnerColdkey);
            Assert.Equal(e.GetProperty("subnet_name").GetString(), a.Name);
            Assert.Equal(e.GetProperty("token_symbol").GetString(), a.Symbol);
            Assert.Equal(e.GetProperty("tempo").GetUInt16(), a.Tempo);
            Assert.Equal(e.GetProperty("last_step").GetInt64(), a.LastStep);
            Assert.Equal(e.GetProperty("blocks_since_last_step").GetInt64(), a.BlocksSinceLastStep);
            Assert.Equal(e.GetProperty("emission").GetInt64(), a.Emission);
            Assert.Equal(e.GetProperty("alpha_in").GetInt64(), a.AlphaIn);
            Assert.Equal(e.GetProperty("alpha_out").GetInt64(), a.AlphaOut);
            Assert.Equal(e.GetProperty("tao_in").GetInt64(), a.TaoIn);
            Assert.Equal(e.GetProperty("alpha_out_emission").GetInt64(), a.AlphaOutEmission);
            Assert.Equal(e.GetProperty("alpha_in_emission").GetInt64(), a.AlphaInEmission);
            Assert.Equal(e.GetProperty("tao_in_emission").GetInt64(), a.TaoInEmission);
            Assert.Equal(e.GetProperty("pending_alpha_emission").GetInt64(), a.PendingAlphaEmission);
            Assert.Equal(e.GetProperty("pending_root_emission").GetInt64(), a.PendingRootEmission);
            Assert.Equal((UInt128)e.GetProperty("subnet_volume").GetUInt64(), a.SubnetVolume);
            Assert.Equal(e.GetProperty("network_registered_at").GetInt64(), a.NetworkRegisteredAt);
            var bits = e.GetProperty("moving_price_bits_i128").GetInt64();
            Assert.Equal((Int128)bits, a.MovingPriceBits);
            Assert.Equal(bits / 4_294_967_296m, a.MovingPrice);
            Assert.Equal(e.GetProperty("moving_price").GetDouble(), (double)a.MovingPrice, 9);
            if (e.GetProperty("subnet_identity").ValueKind == JsonValueKind.Null)
            {
                Assert.Null(a.Identity);
            }
        }

        var root = decoded.Entries[0]!;
        Assert.Equal(ZeroKeyAddress, root.OwnerHotkey);
        Assert.Equal("root", root.Name);
        Assert.Equal("\u03a4", root.Symbol);
    }

    [Fact]
    public void Hostile_identity_keeps_its_text_as_data_without_the_bidi_override()
    {
        var chutes = DynamicInfoDecoder.DecodeAll(FixtureBytes()).Entries[2]!;

        Assert.Equal(64, chutes.Netuid);
        var identity = Assert.IsType<SubnetIdentity>(chutes.Identity);
        // Emoji and markup stay (pages encode on output); U+202E is removed.
        Assert.Equal("Chutes \U0001F680 <script>alert(1)</script>", identity.Name);
        Assert.DoesNotContain('\u202e', identity.Name!);
        Assert.Equal("https://github.com/example/repo", identity.GithubRepo);
        Assert.Equal("ops@example.invalid", identity.Contact);
        Assert.Equal("https://example.invalid", identity.Url);
        Assert.Null(identity.Discord);
        Assert.Equal("Synthetic test identity; untrusted bytes", identity.Description);
        Assert.Equal("https://example.invalid/logo.png", identity.LogoUrl);
        Assert.Null(identity.Additional);
    }

    [Fact]
    public void Json_number_array_form_decodes_like_the_hex_form()
    {
        using var response = JsonDocument.Parse(Fixture.Read("scale_fixtures", "subnetInfo_getAllDynamicInfo.synthetic.response.json"));
        var bytes = JsonRpc.Bytes(response.RootElement.GetProperty("result"), "subnetInfo_getAllDynamicInfo");

        Assert.Equal(FixtureBytes(), bytes);
        var fromArray = DynamicInfoDecoder.DecodeAll(bytes);
        var fromHex = DynamicInfoDecoder.DecodeAll(FixtureBytes());
        Assert.Equal(fromHex.Entries, fromArray.Entries);
    }

    [Fact]
    public void V2_identity_without_logo_url_decodes_explicitly_and_by_auto_fallback()
    {
        var bytes = ScaleEncoder.All(IdentityVersion.V2, new DynamicInfoSpec(), null, new DynamicInfoSpec { Netuid = 9, Identity = null });

        var auto = DynamicInfoDecoder.DecodeAll(bytes);
        var v2 = DynamicInfoDecoder.DecodeAll(bytes, IdentityVersion.V2);

        Assert.Equal(IdentityVersion.V2, auto.Version);
        Assert.Equal(v2.Entries, auto.Entries);
        var identity = auto.Entries[0]!.Identity!;
        Assert.Null(identity.LogoUrl);
        Assert.Equal("extra", identity.Additional);
        Assert.Equal("example#1", identity.Discord);
        Assert.Throws<SourcePayloadException>(() => DynamicInfoDecoder.DecodeAll(bytes, IdentityVersion.V3));
    }

    [Fact]
    public void V3_payload_is_read_as_V3_by_auto()
    {
        var bytes = ScaleEncoder.All(IdentityVersion.V3, new DynamicInfoSpec());

        var decoded = DynamicInfoDecoder.DecodeAll(bytes);

        Assert.Equal(IdentityVersion.V3, decoded.Version);
        Assert.Equal("https://example.invalid/logo.png", decoded.Entries[0]!.Identity!.LogoUrl);
    }

    [Fact]
    public void Single_option_form_decodes_some_and_none()
    {
        var some = new ScaleEncoder().Raw(1).DynamicInfo(new DynamicInfoSpec { Netuid = 300 }).ToArray();

        Assert.Equal(300, DynamicInfoDecoder.DecodeOne(some)!.Netuid);
        Assert.Null(DynamicInfoDecoder.DecodeOne([0]));
        Assert.Throws<SourcePayloadException>(() => DynamicInfoDecoder.DecodeOne([0, 0]));
    }

    [Fact]
    public void Every_compact_mode_and_a_volume_beyond_ulong_decode_exactly()
    {
        var volume = (UInt128)ulong.MaxValue * 1000 + 7;
        var spec = new DynamicInfoSpec
        {
            Netuid = 16383, // largest two-byte compact
            Tempo = 63, // largest one-byte compact
            LastStep = (1UL << 30) - 1, // largest four-byte compact
            BlocksSinceLastStep = 1UL << 30, // smallest big-integer compact
            AlphaOut = long.MaxValue,
            SubnetVolume = volume,
        };

        var info = DynamicInfoDecoder.DecodeAll(ScaleEncoder.All(IdentityVersion.V3, spec)).Entries[0]!;

        Assert.Equal(16383, info.Netuid);
        Assert.Equal(63, info.Tempo);
        Assert.Equal((1L << 30) - 1, info.LastStep);
        Assert.Equal(1L << 30, info.BlocksSinceLastStep);
        Assert.Equal(long.MaxValue, info.AlphaOut);
        Assert.Equal(volume, info.SubnetVolume);
    }

    [Fact]
    public void Amount_above_long_max_is_an_absurd_value_naming_the_field()
    {
        var bytes = ScaleEncoder.All(IdentityVersion.V3, new DynamicInfoSpec { TaoIn = (UInt128)long.MaxValue + 1 });

        var error = Assert.Throws<SourcePayloadException>(() => DynamicInfoDecoder.DecodeAll(bytes, IdentityVersion.V3));

        Assert.Contains("subtensor: DynamicInfo[0].tao_in: absurd value", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Negative_moving_price_is_rejected()
    {
        var bytes = ScaleEncoder.All(IdentityVersion.V3, new DynamicInfoSpec { MovingPriceBits = -1 });

        var error = Assert.Throws<SourcePayloadException>(() => DynamicInfoDecoder.DecodeAll(bytes, IdentityVersion.V3));

        Assert.Contains("DynamicInfo[0].moving_price: negative", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Moving_price_above_one_is_bits_over_two_to_the_32()
    {
        var bits = ((Int128)5 << 32) + (1L << 30); // 5.25
        var info = DynamicInfoDecoder.DecodeAll(ScaleEncoder.All(IdentityVersion.V3, new DynamicInfoSpec { MovingPriceBits = bits })).Entries[0]!;

        Assert.Equal(5.25m, info.MovingPrice);
        Assert.Equal(((decimal)long.MaxValue * 4) + 0.5m, DynamicInfoDecoder.I96F32ToDecimal(((Int128)long.MaxValue << 34) + (1L << 31)));
    }

    [Fact]
    public void Names_symbols_and_identity_text_are_capped_and_unsafe_urls_dropped()
    {
        var spec = new DynamicInfoSpec
        {
            Name = new string('n', 300),
            Symbol = new string('s', 40),
            Identity = new IdentitySpec(
                Name: new string('i', 300),
                Github: "javascript:alert(1)",
                Url: "data:text/html,<b>x</b>",
                Description: new string('d', 2000),
                Logo: "https://ok.example/logo.png"),
        };

        var info = DynamicInfoDecoder.DecodeAll(ScaleEncoder.All(IdentityVersion.V3, spec), IdentityVersion.V3).Entries[0]!;

        Assert.Equal(256, info.Name!.Length);
        Assert.Equal(32, info.Symbol!.Length);
        Assert.Equal(256, info.Identity!.Name!.Length);
        Assert.Equal(1024, info.Identity.Description!.Length);
        Assert.Null(info.Identity.GithubRepo);
        Assert.Null(info.Identity.Url);
        Assert.Equal("https://ok.example/logo.png", info.Identity.LogoUrl);
    }

    [Fact]
    public void Invalid_utf8_in_a_name_is_decoded_leniently()
    {
        var bytes = new ScaleEncoder().Compact(1).Raw(1).Compact(5).Raw(new byte[32]).Raw(new byte[32])
            .Compact(3).Compact(0xff).Compact((byte)'o').Compact(0xc3) // invalid and truncated sequences
            .Compact(0)
            .ToArray();
        var tail = new ScaleEncoder();
        for (var i = 0; i < 14; i++)
        {
            tail.Compact(0);
        }

        byte[] payload = [.. bytes, .. tail.Raw(0).I128(0).ToArray()];

        var info = DynamicInfoDecoder.DecodeAll(payload, IdentityVersion.V3).Entries[0]!;

        Assert.Equal("\ufffdo\ufffd", info.Name);
        Assert.Null(info.Symbol);
    }

    [Fact]
    public void Truncated_dynamic_info_is_a_payload_error_naming_the_field()
    {
        var bytes = FixtureBytes();
        // Cut 12 bytes into netuid 64's 40-byte identity description (then logo_url, additional and the price follow).
        var descriptionStart = bytes.Length - 16 - 1 - 33 - 40;
        var cut = descriptionStart + 12;

        var error = Assert.Throws<SourcePayloadException>(() => DynamicInfoDecoder.DecodeAll(bytes.AsSpan(0, cut), IdentityVersion.V3));

        Assert.Equal($"subtensor: DynamicInfo[2].subnet_identity.description: needs 40 bytes at offset {descriptionStart}, 12 left", error.Message);
    }

    [Fact]
    public void Every_truncation_of_the_fixture_is_a_payload_error()
    {
        var bytes = FixtureBytes();
        for (var length = 0; length < bytes.Length; length++)
        {
            var prefix = bytes[..length];
            Assert.Throws<SourcePayloadException>(() => DynamicInfoDecoder.DecodeAll(prefix, IdentityVersion.V3));
            // Auto may read a cut V3 payload as V2 when the bytes happen to fit (see IdentityVersion.Auto),
            // but it never throws anything but a payload error.
            var auto = Record.Exception(() => DynamicInfoDecoder.DecodeAll(prefix));
            Assert.True(auto is null or SourcePayloadException, $"length {length}: {auto?.GetType().Name}");
        }
    }

    [Fact]
    public void Trailing_bytes_are_a_payload_error()
    {
        byte[] bytes = [.. FixtureBytes(), 0];

        var error = Assert.Throws<SourcePayloadException>(() => DynamicInfoDecoder.DecodeAll(bytes, IdentityVersion.V3));

        Assert.Contains("trailing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Huge_vec_length_is_an_error_not_an_allocation()
    {
        var bytes = new ScaleEncoder().Compact(uint.MaxValue).Raw(0, 0, 0).ToArray();

        var error = Assert.Throws<SourcePayloadException>(() => DynamicInfoDecoder.DecodeAll(bytes));

        Assert.Contains("needs 4294967295 bytes at offset 5, 3 left", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Random_garbage_and_mutations_only_ever_raise_payload_errors()
    {
        var random = new Random(20261124);
        var fixture = FixtureBytes();
        for (var run = 0; run < 3000; run++)
        {
            byte[] bytes;
            if (run % 2 == 0)
            {
                bytes = new byte[random.Next(0, 600)];
                random.NextBytes(bytes);
            }
            else
            {
                bytes = (byte[])fixture.Clone();
                for (var flips = random.Next(1, 6); flips > 0; flips--)
                {
                    bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                }
            }

            var error = Record.Exception(() => DynamicInfoDecoder.DecodeAll(bytes));
            Assert.True(error is null or SourcePayloadException, $"run {run}: {error}");
        }
    }
}
