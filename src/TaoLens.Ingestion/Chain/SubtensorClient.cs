using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Polly;
using TaoLens.Core.Chain;
using TaoLens.Ingestion.Sources;

namespace TaoLens.Ingestion.Chain;

/// <summary>
/// Reads the Subtensor chain over JSON-RPC: WebSocket for ws:// and wss:// URLs (one connection per public call,
/// resilience from a Polly pipeline), HTTP POST for http:// and https:// (resilience from the typed client's handler).
/// Payload problems are <see cref="SourcePayloadException"/>; an unreachable or silent node is <see cref="SubtensorTransportException"/>.
/// </summary>
public sealed class SubtensorClient
{
    public const string DynamicInfoCall = "SubnetInfoRuntimeApi_get_all_dynamic_info";
    public const string AlphaPriceAllCall = "SwapRuntimeApi_current_alpha_price_all";
    public const string AlphaPriceCall = "SwapRuntimeApi_current_alpha_price";

    private static readonly TimeSpan BlockTime = TimeSpan.FromSeconds(12);

    private readonly HttpClient _http;
    private readonly ResiliencePipeline _webSocketPipeline;

    /// <summary>A client of <see cref="SubtensorOptions.Url"/>.</summary>
    public SubtensorClient(HttpClient http, IOptions<SubtensorOptions> options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        _http = http;
        Node = options.Value.Url;
        _webSocketPipeline = WebSocketRpcChannel.CreatePipeline(options.Value.Resilience, timeProvider);
    }

    private SubtensorClient(SubtensorClient other, Uri node)
    {
        _http = other._http;
        _webSocketPipeline = other._webSocketPipeline;
        Node = node;
    }

    /// <summary>The node this client reads.</summary>
    public Uri Node { get; }

    /// <summary>
    /// The same client (transport, settings, resilience) reading another node, such as the archive node for history.
    /// Over HTTP it shares the typed client, whose resilience handler keeps one pipeline (and circuit) per node.
    /// </summary>
    public SubtensorClient ForNode(Uri node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return new SubtensorClient(this, node);
    }

    /// <summary>The http(s) form of a ws(s) URL: the typed HttpClient's base address and the address JSON-RPC POSTs go to.</summary>
    public static Uri HttpAddressOf(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var scheme = url.Scheme switch
        {
            "ws" => Uri.UriSchemeHttp,
            "wss" => Uri.UriSchemeHttps,
            var other => other,
        };
        return new UriBuilder(url) { Scheme = scheme, Port = url.IsDefaultPort ? -1 : url.Port }.Uri;
    }

    public Task<string> GetFinalizedOrBestHeadAsync(CancellationToken cancellationToken) =>
        RunAsync(channel => HeadAsync(channel, cancellationToken));

    /// <summary><c>chain_getBlockHash</c>: the best block for null, else the hash of that number; null when the block does not exist.</summary>
    public Task<string?> GetBlockHashAsync(long? number, CancellationToken cancellationToken) =>
        RunAsync(channel => BlockHashAsync(channel, number, cancellationToken));

    public Task<BlockHeader> GetHeaderAsync(string blockHash, CancellationToken cancellationToken)
    {
        RequireHash(blockHash);
        return RunAsync(channel => HeaderAsync(channel, blockHash, cancellationToken));
    }

    /// <summary>The block's <c>Timestamp.Now</c>.</summary>
    public Task<DateTimeOffset> GetBlockTimestampAsync(string blockHash, CancellationToken cancellationToken)
    {
        RequireHash(blockHash);
        return RunAsync(async channel => await TimestampAsync(channel, blockHash, cancellationToken)
            ?? throw new SourcePayloadException("subtensor: Timestamp.Now: no value stored at this block"));
    }

    /// <summary>Everything the chain worker stores, read at <paramref name="blockHash"/> or at the finalized head when null.</summary>
    public Task<ChainSnapshot> GetSnapshotAsync(string? blockHash, CancellationToken cancellationToken) =>
        GetSnapshotAsync(blockHash, IdentityVersion.Auto, cancellationToken);

    /// <summary>
    /// As <see cref="GetSnapshotAsync(string?, CancellationToken)"/> with the identity layout fixed, for callers that know
    /// the runtime (V2 before the 2025-06-30 runtime upgrade, V3 after); <see cref="IdentityVersion.Auto"/> probes.
    /// </summary>
    public Task<ChainSnapshot> GetSnapshotAsync(string? blockHash, IdentityVersion identityVersion, CancellationToken cancellationToken)
    {
        if (blockHash is not null)
        {
            RequireHash(blockHash);
        }

        return RunAsync(async channel =>
        {
            var hash = blockHash ?? await HeadAsync(channel, cancellationToken);
            var header = await HeaderAsync(channel, hash, cancellationToken);
            var timestamp = await TimestampAsync(channel, hash, cancellationToken)
                ?? throw new SourcePayloadException("subtensor: Timestamp.Now: no value stored at this block");
            var all = await DynamicInfoAsync(channel, hash, identityVersion, cancellationToken);
            var subnets = all.Entries.OfType<DynamicInfo>().ToList();
            var prices = await AlphaPricesAsync(channel, hash, subnets, cancellationToken);
            var excess = await ExcessTaoAsync(channel, hash, [.. subnets.Select(s => s.Netuid)], cancellationToken);
            return new ChainSnapshot(header.Number, hash, timestamp, all.Version, subnets, prices, excess);
        });
    }

    /// <summary>
    /// The hash of the last block whose timestamp is at or before <paramref name="time"/> (the finalized head for a
    /// time at or after it; genesis for a time before the chain). Binary search over block numbers, first guess from
    /// 12-second blocks; historical state needs an archive node.
    /// </summary>
    public Task<string> FindBlockHashAtAsync(DateTimeOffset time, CancellationToken cancellationToken) =>
        RunAsync(async channel =>
        {
            var headHash = await HeadAsync(channel, cancellationToken);
            var head = await HeaderAsync(channel, headHash, cancellationToken);
            var probe = new BlockProbe(channel, cancellationToken);
            var headTime = await probe.TimeAtAsync(head.Number);
            if (time >= headTime || head.Number == 0)
            {
                return headHash;
            }

            // Invariant: time(lo) <= time < time(hi).
            var hi = head.Number;
            var behind = (long)Math.Ceiling((headTime - time) / BlockTime);
            var guess = Math.Clamp(head.Number - behind, 0, head.Number - 1);
            long lo;
            if (await probe.TimeAtAsync(guess) <= time)
            {
                lo = guess;
                for (var step = 1L; ; step *= 2)
                {
                    var up = Math.Min(lo + step, hi);
                    if (up == hi || await probe.TimeAtAsync(up) > time)
                    {
                        hi = up;
                        break;
                    }

                    lo = up;
                }
            }
            else
            {
                hi = guess;
                for (var step = 1L; ; step *= 2)
                {
                    var down = Math.Max(hi - step, 0);
                    if (await probe.TimeAtAsync(down) <= time)
                    {
                        lo = down;
                        break;
                    }

                    if (down == 0)
                    {
                        return await probe.HashAtAsync(0);
                    }

                    hi = down;
                }
            }

            while (hi - lo > 1)
            {
                var middle = lo + ((hi - lo) / 2);
                if (await probe.TimeAtAsync(middle) <= time)
                {
                    lo = middle;
                }
                else
                {
                    hi = middle;
                }
            }

            return await probe.HashAtAsync(lo);
        });

    private async Task<T> RunAsync<T>(Func<IRpcChannel, Task<T>> work)
    {
        await using var channel = OpenChannel();
        return await work(channel);
    }

    private IRpcChannel OpenChannel() => Node.Scheme switch
    {
        "ws" or "wss" => new WebSocketRpcChannel(Node, _webSocketPipeline),
        "http" or "https" => new HttpRpcChannel(_http, Node),
        _ => throw new InvalidOperationException($"{SubtensorOptions.Section}:Url and ArchiveUrl must be ws://, wss://, http:// or https://"),
    };

    private static async Task<string> HeadAsync(IRpcChannel channel, CancellationToken cancellationToken)
    {
        try
        {
            return ValidHash(JsonRpc.String(await channel.CallAsync("chain_getFinalizedHead", [], cancellationToken), "chain_getFinalizedHead"), "chain_getFinalizedHead");
        }
        catch (SourcePayloadException ex) when (JsonRpc.IsRpcError(ex))
        {
            // A light or unusual node without finality RPCs: the best block will do.
            return await BlockHashAsync(channel, null, cancellationToken)
                ?? throw new SourcePayloadException("subtensor: chain_getBlockHash: no best block");
        }
    }

    private static async Task<string?> BlockHashAsync(IRpcChannel channel, long? number, CancellationToken cancellationToken)
    {
        RpcParam[] parameters = number is { } n ? [n] : [];
        var result = await channel.CallAsync("chain_getBlockHash", parameters, cancellationToken);
        return result.ValueKind == JsonValueKind.Null ? null : ValidHash(JsonRpc.String(result, "chain_getBlockHash"), "chain_getBlockHash");
    }

    private static async Task<BlockHeader> HeaderAsync(IRpcChannel channel, string hash, CancellationToken cancellationToken)
    {
        var result = await channel.CallAsync("chain_getHeader", [hash], cancellationToken);
        if (result.ValueKind != JsonValueKind.Object)
        {
            throw new SourcePayloadException($"subtensor: chain_getHeader: no header for block {hash}");
        }

        var number = result.TryGetProperty("number", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
        var parent = result.TryGetProperty("parentHash", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
        return new BlockHeader(ParseHexNumber(number, "chain_getHeader.number"), hash, ValidHash(parent, "chain_getHeader.parentHash"));
    }

    private static async Task<DateTimeOffset?> TimestampAsync(IRpcChannel channel, string hash, CancellationToken cancellationToken)
    {
        var result = await channel.CallAsync("state_getStorage", [StorageKeys.TimestampNow, hash], cancellationToken);
        if (result.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var bytes = JsonRpc.Bytes(result, "Timestamp.Now");
        var reader = new ScaleReader(bytes, "Timestamp");
        var millis = reader.ReadU64("Now");
        reader.EnsureEnd("Now");
        const ulong maxMillis = 253_402_300_799_999; // 9999-12-31T23:59:59.999Z
        return millis <= maxMillis
            ? DateTimeOffset.FromUnixTimeMilliseconds((long)millis)
            : throw new SourcePayloadException($"subtensor: Timestamp.Now: absurd value {millis} ms");
    }

    private static async Task<DynamicInfoList> DynamicInfoAsync(IRpcChannel channel, string hash, IdentityVersion version, CancellationToken cancellationToken)
    {
        var result = await channel.CallAsync("state_call", [DynamicInfoCall, "0x", hash], cancellationToken);
        return DynamicInfoDecoder.DecodeAll(JsonRpc.Bytes(result, $"state_call {DynamicInfoCall}"), version);
    }

    private static async Task<IReadOnlyDictionary<ushort, AlphaPrice>> AlphaPricesAsync(
        IRpcChannel channel, string hash, IReadOnlyList<DynamicInfo> subnets, CancellationToken cancellationToken)
    {
        var prices = new Dictionary<ushort, AlphaPrice>();
        try
        {
            var result = await channel.CallAsync("state_call", [AlphaPriceAllCall, "0x", hash], cancellationToken);
            var reader = new ScaleReader(JsonRpc.Bytes(result, $"state_call {AlphaPriceAllCall}"), AlphaPriceAllCall);
            var count = reader.ReadLength("length", minItemBytes: 10);
            for (var i = 0; i < count; i++)
            {
                var netuid = reader.ReadU16($"[{i}].netuid");
                prices[netuid] = new AlphaPrice(reader.ReadU64($"[{i}].price") / (decimal)ChainUnits.RaoPerTao, AlphaPriceSource.CurrentAlphaPriceAll);
            }

            reader.EnsureEnd("end");
        }
        catch (SourcePayloadException ex) when (JsonRpc.IsRpcError(ex))
        {
            // The runtime predates the batch API: ask per netuid while that API exists.
            var perNetuid = true;
            foreach (var subnet in subnets)
            {
                if (!perNetuid)
                {
                    break;
                }

                try
                {
                    var argument = new byte[2];
                    BinaryPrimitives.WriteUInt16LittleEndian(argument, subnet.Netuid);
                    var result = await channel.CallAsync("state_call", [AlphaPriceCall, HexBytes.Encode(argument), hash], cancellationToken);
                    var reader = new ScaleReader(JsonRpc.Bytes(result, $"state_call {AlphaPriceCall}"), $"{AlphaPriceCall}({subnet.Netuid})");
                    var price = reader.ReadU64("price");
                    reader.EnsureEnd("price");
                    prices[subnet.Netuid] = new AlphaPrice(price / (decimal)ChainUnits.RaoPerTao, AlphaPriceSource.CurrentAlphaPrice);
                }
                catch (SourcePayloadException inner) when (JsonRpc.IsRpcError(inner))
                {
                    perNetuid = false;
                }
            }
        }

        // Whatever the APIs did not price falls back to the pool's reserve ratio.
        foreach (var subnet in subnets)
        {
            if (prices.ContainsKey(subnet.Netuid))
            {
                continue;
            }

            if (subnet.Netuid == 0)
            {
                prices[0] = new AlphaPrice(1m, AlphaPriceSource.RootUnit);
            }
            else if (subnet.AlphaIn > 0)
            {
                prices[subnet.Netuid] = new AlphaPrice(subnet.TaoIn / (decimal)subnet.AlphaIn, AlphaPriceSource.ReserveRatio);
            }
        }

        return prices;
    }

    private static async Task<IReadOnlyDictionary<ushort, long?>> ExcessTaoAsync(
        IRpcChannel channel, string hash, IReadOnlyList<ushort> netuids, CancellationToken cancellationToken)
    {
        var keys = netuids.ToDictionary(StorageKeys.SubnetExcessTao, n => n, StringComparer.OrdinalIgnoreCase);
        var values = new Dictionary<ushort, long>();
        if (keys.Count > 0)
        {
            try
            {
                var result = await channel.CallAsync("state_queryStorageAt", [keys.Keys.ToArray(), hash], cancellationToken);
                foreach (var (key, value) in QueryStorageChanges(result))
                {
                    if (value is not null && keys.TryGetValue(key, out var netuid))
                    {
                        values[netuid] = ReadExcess(value, netuid);
                    }
                }
            }
            catch (SourcePayloadException ex) when (JsonRpc.IsRpcError(ex))
            {
                // Some nodes do not serve state_queryStorageAt; one state_getStorage per key does the same.
                foreach (var (key, netuid) in keys)
                {
                    var result = await channel.CallAsync("state_getStorage", [key, hash], cancellationToken);
                    if (result.ValueKind != JsonValueKind.Null)
                    {
                        values[netuid] = ReadExcess(JsonRpc.String(result, $"SubnetExcessTao[{netuid}]"), netuid);
                    }
                }
            }
        }

        // No value at all: the runtime predates SubnetExcessTao (unknown, not zero). Otherwise a missing key is the map's default, 0.
        var known = values.Count > 0;
        return netuids.Distinct().ToDictionary(n => n, n => known ? values.GetValueOrDefault(n) : (long?)null);
    }

    private static List<(string Key, string? Value)> QueryStorageChanges(JsonElement result)
    {
        const string field = "state_queryStorageAt";
        if (result.ValueKind != JsonValueKind.Array)
        {
            throw new SourcePayloadException($"subtensor: {field}: expected an array, got {result.ValueKind}");
        }

        var pairs = new List<(string Key, string? Value)>();
        foreach (var set in result.EnumerateArray())
        {
            if (set.ValueKind != JsonValueKind.Object || !set.TryGetProperty("changes", out var changes) || changes.ValueKind != JsonValueKind.Array)
            {
                throw new SourcePayloadException($"subtensor: {field}: change set without a changes array");
            }

            foreach (var change in changes.EnumerateArray())
            {
                if (change.ValueKind != JsonValueKind.Array || change.GetArrayLength() != 2 || change[0].ValueKind != JsonValueKind.String)
                {
                    throw new SourcePayloadException($"subtensor: {field}.changes: expected [key, value] pairs");
                }

                var value = change[1].ValueKind switch
                {
                    JsonValueKind.Null => null,
                    JsonValueKind.String => change[1].GetString(),
                    var kind => throw new SourcePayloadException($"subtensor: {field}.changes: value is {kind}, not hex or null"),
                };
                pairs.Add((change[0].GetString()!, value));
            }
        }

        return pairs;
    }

    private static long ReadExcess(string hex, ushort netuid)
    {
        var field = $"SubnetExcessTao[{netuid}]";
        var reader = new ScaleReader(HexBytes.Decode(hex, field), "SubnetExcessTao");
        var value = reader.ReadU64($"[{netuid}]");
        reader.EnsureEnd($"[{netuid}]");
        return value <= long.MaxValue
            ? (long)value
            : throw new SourcePayloadException($"subtensor: {field}: absurd value {value}");
    }

    private static long ParseHexNumber(string? text, string field)
    {
        if (text is null || !text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) || text.Length is < 3 or > 18
            || !ulong.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value)
            || value > long.MaxValue)
        {
            throw new SourcePayloadException($"subtensor: {field}: expected a 0x hex block number");
        }

        return (long)value;
    }

    private static string ValidHash(string? hash, string field)
    {
        var bytes = HexBytes.Decode(hash, field);
        return bytes.Length == 32
            ? hash!
            : throw new SourcePayloadException($"subtensor: {field}: a block hash has 32 bytes, got {bytes.Length}");
    }

    private static void RequireHash(string blockHash)
    {
        ArgumentNullException.ThrowIfNull(blockHash);
        try
        {
            ValidHash(blockHash, "blockHash");
        }
        catch (SourcePayloadException ex)
        {
            throw new ArgumentException("expected a 0x-prefixed 32-byte block hash", nameof(blockHash), ex);
        }
    }

    /// <summary>Block hash and time by number, cached for one search.</summary>
    private sealed class BlockProbe(IRpcChannel channel, CancellationToken cancellationToken)
    {
        private readonly Dictionary<long, (string Hash, DateTimeOffset Time)> _seen = [];

        public async Task<string> HashAtAsync(long number) => (await GetAsync(number)).Hash;

        public async Task<DateTimeOffset> TimeAtAsync(long number) => (await GetAsync(number)).Time;

        private async Task<(string Hash, DateTimeOffset Time)> GetAsync(long number)
        {
            if (_seen.TryGetValue(number, out var known))
            {
                return known;
            }

            var hash = await BlockHashAsync(channel, number, cancellationToken)
                ?? throw new SourcePayloadException($"subtensor: chain_getBlockHash: block {number} does not exist");
            // Genesis has no Timestamp.Now; it sorts before every real time.
            var time = await TimestampAsync(channel, hash, cancellationToken) ?? DateTimeOffset.UnixEpoch;
            return _seen[number] = (hash, time);
        }
    }
}
