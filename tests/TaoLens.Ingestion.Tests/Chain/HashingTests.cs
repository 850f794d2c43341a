using System.IO.Hashing;
using System.Text;
using TaoLens.Ingestion.Chain;

namespace TaoLens.Ingestion.Tests.Chain;

public sealed class HashingTests
{
    [Theory]
    [InlineData("abc", "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d17d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923")]
    [InlineData("", "786a02f742015903c6c6fd852552d272912f4740e15847618a86e217f71f5419d25e1031afee585313896444934eb04b903a685b1448b755d56f701afe9be2ce")]
    [InlineData("The quick brown fox jumps over the lazy dog", "a8add4bdddfd93e4877d2746e62817b116364a1fa7bc148d95090bc7333b3673f82401cf7aa2e4cb1ecd90296e3f14cb5413f8ed77be73045b13914cdcd6a918")]
    public void Blake2b_512_matches_the_RFC_7693_and_reference_vectors(string input, string expected) =>
        Assert.Equal(expected, Convert.ToHexStringLower(Blake2b.Hash(Encoding.ASCII.GetBytes(input))));

    // Vectors from CPython's hashlib.blake2b over bytes i % 251: block boundaries at 128 and 256.
    [Theory]
    [InlineData(127, "b6292669ccd38d5f01caae96ba272c76a879a45743afa0725d83b9ebb26665b731f1848c52f11972b6644f554c064fa90780dbbbf3a89d4fc31f67df3e5857ef")]
    [InlineData(128, "2319e3789c47e2daa5fe807f61bec2a1a6537fa03f19ff32e87eecbfd64b7e0e8ccff439ac333b040f19b0c4ddd11a61e24ac1fe0f10a039806c5dcc0da3d115")]
    [InlineData(129, "f59711d44a031d5f97a9413c065d1e614c417ede998590325f49bad2fd444d3e4418be19aec4e11449ac1a57207898bc57d76a1bcf3566292c20c683a5c4648f")]
    [InlineData(256, "93463ac058b6163eb43be3f5bb32b28541498f4e3366f1effe253ad44e1e076e41c3616046027c82a7124f8f4746668ad10b12e8e25a95ac8f3151df01cd5a93")]
    [InlineData(300, "3a482b7748b0bdc43c3d00c080890c10e57a9aa5618f78b86067eb7eaae4942acd96d827accbc16958364ae5b0df6105bbd3b15445092eba1137b5f69c1070f1")]
    public void Blake2b_512_handles_inputs_across_block_boundaries(int length, string expected)
    {
        var input = Enumerable.Range(0, length).Select(i => (byte)(i % 251)).ToArray();
        Assert.Equal(expected, Convert.ToHexStringLower(Blake2b.Hash(input)));
    }

    [Fact]
    public void Blake2b_supports_short_outputs_and_keys()
    {
        Assert.Equal("cf4ab791c62b8d2b2109c90275287816", Convert.ToHexStringLower(Blake2b.Hash("abc"u8, 16)));
        Assert.Equal("0330531d097355a3f72e80d55c1245ccf79f1704431c6e3887938320442c23c0", Convert.ToHexStringLower(Blake2b.Hash("abc"u8, 32, "key"u8)));
    }

    [Theory]
    [InlineData("", 0L, 0xEF46DB3751D8E999UL)]
    [InlineData("a", 0L, 0xD24EC4F1A98C6E5BUL)]
    [InlineData("abc", 0L, 0x44BC2CF5AD770999UL)]
    [InlineData("Nobody inspects the spammish repetition", 0L, 0xFBCEA83C8A378BF1UL)]
    public void XxHash64_matches_published_vectors(string input, long seed, ulong expected) =>
        Assert.Equal(expected, XxHash64.HashToUInt64(Encoding.ASCII.GetBytes(input), seed));

    // Cross-checked against storage keys published by other Substrate/Bittensor tools (a second, independent method).
    [Theory]
    [InlineData("System", "26aa394eea5630e07c48ae0c9558cef7")]
    [InlineData("SubtensorModule", "658faa385070e074c85bf6b568cf0555")]
    [InlineData("TotalIssuance", "57c875e4cff74148e4628f264b974c80")]
    [InlineData("Burn", "01be1755d08418802946bca51b686325")]
    [InlineData("Timestamp", "f0c365c3cf59d671eb72da0e7a4113c4")]
    [InlineData("Now", "9f1f0515f462cdcf84e0f1d6045dfcbb")]
    public void Twox128_matches_known_storage_prefixes(string name, string expected) =>
        Assert.Equal(expected, Convert.ToHexStringLower(StorageKeys.Twox128(name)));

    [Fact]
    public void Storage_keys_are_pallet_item_and_identity_hashed_netuid()
    {
        Assert.Equal("0xf0c365c3cf59d671eb72da0e7a4113c49f1f0515f462cdcf84e0f1d6045dfcbb", StorageKeys.TimestampNow);
        var key = StorageKeys.SubnetExcessTao(64);
        Assert.StartsWith("0x658faa385070e074c85bf6b568cf0555", key, StringComparison.Ordinal);
        Assert.EndsWith("4000", key, StringComparison.Ordinal);
        Assert.Equal(2 + (2 * (16 + 16 + 2)), key.Length);
    }

    [Theory]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000", "5C4hrfjw9DjXZTzV3MwzrrAr9P1MJhSrvWGWqi1eSuyUpnhM")]
    [InlineData("d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d", "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY")]
    public void Ss58_with_prefix_42_matches_known_addresses(string keyHex, string expected) =>
        Assert.Equal(expected, Ss58.Encode(Convert.FromHexString(keyHex)));
}
