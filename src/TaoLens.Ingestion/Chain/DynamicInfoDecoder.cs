using TaoLens.Core.Text;

namespace TaoLens.Ingestion.Chain;

/// <summary>Decodes <c>Vec&lt;Option&lt;DynamicInfo&gt;&gt;</c> and <c>Option&lt;DynamicInfo&gt;</c> (subtensor rpc_info/dynamic_info.rs).</summary>
public static class DynamicInfoDecoder
{
    public const int NameMaxLength = 256;
    public const int SymbolMaxLength = 32;
    public const int TextMaxLength = 1024;

    // Smallest possible DynamicInfo: compact netuid, 2 keys, 2 empty vecs, 14 compacts, option tag, 16-byte price.
    private const int MinEntryBytes = 1 + 32 + 32 + 1 + 1 + 14 + 1 + 16;

    public static DynamicInfoList DecodeAll(ReadOnlySpan<byte> bytes, IdentityVersion version = IdentityVersion.Auto)
    {
        if (version != IdentityVersion.Auto)
        {
            return new DynamicInfoList(DecodeAllExact(bytes, version), version);
        }

        try
        {
            return new DynamicInfoList(DecodeAllExact(bytes, IdentityVersion.V3), IdentityVersion.V3);
        }
        catch (SourcePayloadException v3Error)
        {
            try
            {
                return new DynamicInfoList(DecodeAllExact(bytes, IdentityVersion.V2), IdentityVersion.V2);
            }
            catch (SourcePayloadException)
            {
                throw v3Error;
            }
        }
    }

    /// <summary>Decodes <c>Option&lt;DynamicInfo&gt;</c> (<c>get_dynamic_info</c>); null for None.</summary>
    public static DynamicInfo? DecodeOne(ReadOnlySpan<byte> bytes, IdentityVersion version = IdentityVersion.Auto)
    {
        if (version != IdentityVersion.Auto)
        {
            return DecodeOneExact(bytes, version);
        }

        try
        {
            return DecodeOneExact(bytes, IdentityVersion.V3);
        }
        catch (SourcePayloadException v3Error)
        {
            try
            {
                return DecodeOneExact(bytes, IdentityVersion.V2);
            }
            catch (SourcePayloadException)
            {
                throw v3Error;
            }
        }
    }

    /// <summary>I96F32 bits to decimal; negative bits are not a price and are rejected by the decoder before this.</summary>
    public static decimal I96F32ToDecimal(Int128 bits)
    {
        // |bits| < 2^127, so the integer part is below 2^95 and fits decimal's 96-bit mantissa.
        var negative = bits < 0;
        var magnitude = negative ? (UInt128)(-(bits + 1)) + 1 : (UInt128)bits;
        var integer = (decimal)(magnitude >> 32);
        var fraction = (decimal)(ulong)(magnitude & uint.MaxValue) / 4_294_967_296m;
        var value = integer + fraction;
        return negative ? -value : value;
    }

    private static List<DynamicInfo?> DecodeAllExact(ReadOnlySpan<byte> bytes, IdentityVersion version)
    {
        var reader = new ScaleReader(bytes, "");
        var count = reader.ReadLength("Vec<Option<DynamicInfo>>.length", minItemBytes: 1);
        var entries = new List<DynamicInfo?>(count);
        for (var i = 0; i < count; i++)
        {
            reader.Path = $"DynamicInfo[{i}]";
            entries.Add(reader.ReadOptionTag("option") ? ReadDynamicInfo(ref reader, version) : null);
        }

        reader.Path = "";
        reader.EnsureEnd("Vec<Option<DynamicInfo>>");
        return entries;
    }

    private static DynamicInfo? DecodeOneExact(ReadOnlySpan<byte> bytes, IdentityVersion version)
    {
        var reader = new ScaleReader(bytes, "DynamicInfo");
        var value = reader.ReadOptionTag("option") ? ReadDynamicInfo(ref reader, version) : null;
        reader.EnsureEnd("end");
        return value;
    }

    private static DynamicInfo ReadDynamicInfo(ref ScaleReader reader, IdentityVersion version)
    {
        if (reader.Remaining < MinEntryBytes)
        {
            // Cheap early answer; the field reads below would also fail, with a less useful offset.
            _ = reader.ReadBytes(MinEntryBytes, "entry");
        }

        var netuid = reader.ReadCompactU16("netuid");
        var hotkey = Ss58.Encode(reader.ReadBytes(32, "owner_hotkey"));
        var coldkey = Ss58.Encode(reader.ReadBytes(32, "owner_coldkey"));
        var name = UntrustedText.FromUtf8(reader.ReadCompactByteVec("subnet_name"), NameMaxLength);
        var symbol = UntrustedText.FromUtf8(reader.ReadCompactByteVec("token_symbol"), SymbolMaxLength);
        var tempo = reader.ReadCompactU16("tempo");
        var lastStep = reader.ReadCompactAmount("last_step");
        var blocksSinceLastStep = reader.ReadCompactAmount("blocks_since_last_step");
        var emission = reader.ReadCompactAmount("emission");
        var alphaIn = reader.ReadCompactAmount("alpha_in");
        var alphaOut = reader.ReadCompactAmount("alpha_out");
        var taoIn = reader.ReadCompactAmount("tao_in");
        var alphaOutEmission = reader.ReadCompactAmount("alpha_out_emission");
        var alphaInEmission = reader.ReadCompactAmount("alpha_in_emission");
        var taoInEmission = reader.ReadCompactAmount("tao_in_emission");
        var pendingAlphaEmission = reader.ReadCompactAmount("pending_alpha_emission");
        var pendingRootEmission = reader.ReadCompactAmount("pending_root_emission");
        var subnetVolume = reader.ReadCompact("subnet_volume");
        var registeredAt = reader.ReadCompactAmount("network_registered_at");
        var identity = reader.ReadOptionTag("subnet_identity") ? ReadIdentity(ref reader, version) : null;
        var priceOffset = reader.Offset;
        var movingPriceBits = reader.ReadI128("moving_price");
        if (movingPriceBits < 0)
        {
            throw reader.Error("moving_price", $"negative I96F32 bits {movingPriceBits} at offset {priceOffset}");
        }

        return new DynamicInfo(netuid, hotkey, coldkey, name, symbol, tempo, lastStep, blocksSinceLastStep, emission,
            alphaIn, alphaOut, taoIn, alphaOutEmission, alphaInEmission, taoInEmission, pendingAlphaEmission,
            pendingRootEmission, subnetVolume, registeredAt, identity, movingPriceBits);
    }

    private static SubnetIdentity ReadIdentity(ref ScaleReader reader, IdentityVersion version)
    {
        var name = UntrustedText.FromUtf8(reader.ReadByteVec("subnet_identity.subnet_name"), NameMaxLength);
        var github = UntrustedText.SafeUrl(Text(ref reader, "subnet_identity.github_repo"), TextMaxLength);
        var contact = Text(ref reader, "subnet_identity.subnet_contact");
        var url = UntrustedText.SafeUrl(Text(ref reader, "subnet_identity.subnet_url"), TextMaxLength);
        var discord = Text(ref reader, "subnet_identity.discord");
        var description = Text(ref reader, "subnet_identity.description");
        var logo = version == IdentityVersion.V3
            ? UntrustedText.SafeUrl(Text(ref reader, "subnet_identity.logo_url"), TextMaxLength)
            : null;
        var additional = Text(ref reader, "subnet_identity.additional");
        return new SubnetIdentity(name, github, contact, url, discord, description, logo, additional);
    }

    private static string? Text(ref ScaleReader reader, string field) =>
        UntrustedText.FromUtf8(reader.ReadByteVec(field), TextMaxLength);
}
