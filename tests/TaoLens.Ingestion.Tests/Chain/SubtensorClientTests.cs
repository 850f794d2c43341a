using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TaoLens.Ingestion.Chain;
using TaoLens.Ingestion.Sources;
using TaoLens.Ingestion.Tests.Fixtures;
using TaoLens.Testing.Loopback;

namespace TaoLens.Ingestion.Tests.Chain;

public sealed class SubtensorClientTests
{
    internal const long BlockNumber = 4_920_000;
    internal static readonly string HeadHash = FakeSubtensorNode.HashOf(BlockNumber);
    internal static readonly DateTimeOffset BlockTime = new(2026, 11, 24, 12, 0, 0, 36, TimeSpan.Zero);

    internal static string FixtureHex() =>
        FakeSubtensorNode.Parse(Fixture.Read("scale_fixtures", "state_call_get_all_dynamic_info.synthetic.response.json"))
            .GetProperty("result").GetString()!;

    private static string PricesHex(params (ushort Netuid, ulong Price)[] prices)
    {
        var encoder = new ScaleEncoder().Compact((UInt128)prices.Length);
        foreach (var (netuid, price) in prices)
        {
            encoder.U16(netuid).U64(price);
        }

        return HexBytes.Encode(encoder.ToArray());
    }

    /// <summary>The conversation of one snapshot on a current runtime; tests replace entries to script faults.</summary>
    internal static Dictionary<string, Func<JsonArray, JsonNode?>> Conversation() => new()
    {
        ["chain_getFinalizedHead"] = _ => HeadHash,
        ["chain_getBlockHash"] = _ => HeadHash,
        ["chain_getHeader"] = p => p[0]!.GetValue<string>() == HeadHash
            ? FakeSubtensorNode.Header(BlockNumber, FakeSubtensorNode.HashOf(BlockNumber - 1))
            : null,
        ["state_getStorage"] = p => p[0]!.GetValue<string>() == StorageKeys.TimestampNow
            ? FakeSubtensorNode.U64Hex((ulong)BlockTime.ToUnixTimeMilliseconds())
            : null,
        [$"state_call/{SubtensorClient.DynamicInfoCall}"] = p => p[2]!.GetValue<string>() == HeadHash ? FixtureHex() : throw new RpcFault(1, "wrong block"),
        [$"state_call/{SubtensorClient.AlphaPriceAllCall}"] = _ => PricesHex((0, 1_000_000_000), (64, 79_000_000)),
        ["state_queryStorageAt"] = p => new JsonArray(new JsonObject
        {
            ["block"] = HeadHash,
            ["changes"] = new JsonArray(
                new JsonArray(StorageKeys.SubnetExcessTao(0), null),
                new JsonArray(StorageKeys.SubnetExcessTao(64), FakeSubtensorNode.U64Hex(25_000_000))),
        }),
    };

    private static SubtensorClient Client(Uri url, TimeSpan? attemptTimeout = null, int retries = 1) =>
        new(new HttpClient { BaseAddress = SubtensorClient.HttpAddressOf(url) },
            Options.Create(new SubtensorOptions
            {
                Url = url,
                Resilience = new ResilienceSettings
                {
                    AttemptTimeout = attemptTimeout ?? TimeSpan.FromSeconds(10),
                    TotalTimeout = TimeSpan.FromSeconds(30),
                    MaxRetries = retries,
                    RetryDelay = TimeSpan.FromMilliseconds(10),
                },
            }),
            TimeProvider.System);

    [Theory]
    [InlineData("http")]
    [InlineData("ws")]
    public async Task Snapshot_reads_block_subnets_prices_and_excess_tao(string transport)
    {
        await using var node = await FakeSubtensorNode.StartAsync(Conversation());

        var snapshot = await Client(node.Url(transport)).GetSnapshotAsync(null, CancellationToken.None);

        Assert.Equal(BlockNumber, snapshot.BlockNumber);
        Assert.Equal(HeadHash, snapshot.BlockHash);
        Assert.Equal(BlockTime, snapshot.Timestamp);
        Assert.Equal(TimeSpan.Zero, snapshot.Timestamp.Offset);
        Assert.Equal(IdentityVersion.V3, snapshot.IdentityVersion);
        Assert.Equal([0, 64], snapshot.Subnets.Select(s => (int)s.Netuid));
        Assert.Equal(new AlphaPrice(1m, AlphaPriceSource.CurrentAlphaPriceAll), snapshot.AlphaPrices[0]);
        Assert.Equal(new AlphaPrice(0.079m, AlphaPriceSource.CurrentAlphaPriceAll), snapshot.AlphaPrices[64]);
        Assert.Equal(0L, snapshot.ExcessTaoRao[0]);
        Assert.Equal(25_000_000L, snapshot.ExcessTaoRao[64]);
    }

    [Fact]
    public async Task WebSocket_run_holds_one_connection_for_all_its_calls()
    {
        await using var node = await FakeSubtensorNode.StartAsync(Conversation());

        await Client(node.WebSocketUrl).GetSnapshotAsync(HeadHash, CancellationToken.None);

        Assert.Equal(1, node.WebSocketConnections);
        Assert.Equal(
            ["chain_getHeader", "state_getStorage", $"state_call/{SubtensorClient.DynamicInfoCall}", $"state_call/{SubtensorClient.AlphaPriceAllCall}", "state_queryStorageAt"],
            node.Calls);
    }

    [Theory]
    [InlineData("http")]
    [InlineData("ws")]
    public async Task Alpha_price_falls_back_to_the_per_netuid_api_when_the_batch_api_is_missing(string transport)
    {
        var conversation = Conversation();
        conversation[$"state_call/{SubtensorClient.AlphaPriceAllCall}"] = _ => throw new RpcFault(4003, "Exported method SwapRuntimeApi_current_alpha_price_all is not found");
        conversation[$"state_call/{SubtensorClient.AlphaPriceCall}"] = p => p[1]!.GetValue<string>() switch
        {
            "0x0000" => FakeSubtensorNode.U64Hex(1_000_000_000),
            "0x4000" => FakeSubtensorNode.U64Hex(81_500_000),
            _ => throw new RpcFault(1, "unexpected netuid"),
        };
        await using var node = await FakeSubtensorNode.StartAsync(conversation);

        var snapshot = await Client(node.Url(transport)).GetSnapshotAsync(HeadHash, CancellationToken.None);

        Assert.Equal(new AlphaPrice(1m, AlphaPriceSource.CurrentAlphaPrice), snapshot.AlphaPrices[0]);
        Assert.Equal(new AlphaPrice(0.0815m, AlphaPriceSource.CurrentAlphaPrice), snapshot.AlphaPrices[64]);
    }

    [Theory]
    [InlineData("http")]
    [InlineData("ws")]
    public async Task Alpha_price_falls_back_to_the_reserve_ratio_when_no_swap_api_exists(string transport)
    {
        var conversation = Conversation();
        conversation.Remove($"state_call/{SubtensorClient.AlphaPriceAllCall}");
        await using var node = await FakeSubtensorNode.StartAsync(conversation);

        var snapshot = await Client(node.Url(transport)).GetSnapshotAsync(HeadHash, CancellationToken.None);

        Assert.Equal(new AlphaPrice(1m, AlphaPriceSource.RootUnit), snapshot.AlphaPrices[0]);
        // tao_in / alpha_in of the fixture's netuid 64: 150,000 TAO over 1,875,000 alpha.
        Assert.Equal(new AlphaPrice(0.08m, AlphaPriceSource.ReserveRatio), snapshot.AlphaPrices[64]);
        // The per-netuid API was tried once, then given up for the run.
        Assert.Equal(1, node.Calls.Count(c => c == $"state_call/{SubtensorClient.AlphaPriceCall}"));
    }

    [Fact]
    public async Task Excess_tao_is_null_when_the_runtime_has_no_such_storage()
    {
        var conversation = Conversation();
        conversation["state_queryStorageAt"] = p => new JsonArray(new JsonObject
        {
            ["block"] = HeadHash,
            ["changes"] = new JsonArray(new JsonArray(StorageKeys.SubnetExcessTao(0), null), new JsonArray(StorageKeys.SubnetExcessTao(64), null)),
        });
        await using var node = await FakeSubtensorNode.StartAsync(conversation);

        var snapshot = await Client(node.WebSocketUrl).GetSnapshotAsync(HeadHash, CancellationToken.None);

        Assert.Null(snapshot.ExcessTaoRao[0]);
        Assert.Null(snapshot.ExcessTaoRao[64]);
    }

    [Fact]
    public async Task Excess_tao_falls_back_to_state_getStorage_when_queryStorageAt_is_missing()
    {
        var conversation = Conversation();
        conversation.Remove("state_queryStorageAt");
        conversation["state_getStorage"] = p => p[0]!.GetValue<string>() switch
        {
            var key when key == StorageKeys.TimestampNow => FakeSubtensorNode.U64Hex((ulong)BlockTime.ToUnixTimeMilliseconds()),
            var key when key == StorageKeys.SubnetExcessTao(64) => FakeSubtensorNode.U64Hex(7),
            _ => null,
        };
        await using var node = await FakeSubtensorNode.StartAsync(conversation);

        var snapshot = await Client(node.HttpUrl).GetSnapshotAsync(HeadHash, CancellationToken.None);

        Assert.Equal(0L, snapshot.ExcessTaoRao[0]);
        Assert.Equal(7L, snapshot.ExcessTaoRao[64]);
    }

    [Theory]
    [InlineData("http")]
    [InlineData("ws")]
    public async Task Json_rpc_error_is_a_payload_error_with_code_and_cleaned_message_and_is_not_retried(string transport)
    {
        var conversation = Conversation();
        conversation[$"state_call/{SubtensorClient.DynamicInfoCall}"] = _ => throw new RpcFault(-32000, "Execution failed \u202eevil");
        await using var node = await FakeSubtensorNode.StartAsync(conversation);

        var error = await Assert.ThrowsAsync<SourcePayloadException>(() => Client(node.Url(transport), retries: 3).GetSnapshotAsync(HeadHash, CancellationToken.None));

        var rpc = Assert.IsType<JsonRpcErrorException>(error.InnerException);
        Assert.Equal(-32000, rpc.Code);
        Assert.Equal("Execution failed evil", rpc.RpcMessage);
        Assert.Equal($"subtensor: state_call {SubtensorClient.DynamicInfoCall}: JSON-RPC error -32000: Execution failed evil", error.Message);
        Assert.Equal(1, node.Calls.Count(c => c == $"state_call/{SubtensorClient.DynamicInfoCall}"));
    }

    [Theory]
    [InlineData("http")]
    [InlineData("ws")]
    public async Task Truncated_hex_result_is_a_payload_error_naming_the_field(string transport)
    {
        var conversation = Conversation();
        var hex = FixtureHex();
        conversation[$"state_call/{SubtensorClient.DynamicInfoCall}"] = _ => hex[..(hex.Length - 10)];
        await using var node = await FakeSubtensorNode.StartAsync(conversation);

        var error = await Assert.ThrowsAsync<SourcePayloadException>(() => Client(node.Url(transport)).GetSnapshotAsync(HeadHash, CancellationToken.None));

        Assert.Equal("subtensor: DynamicInfo[2].moving_price: needs 16 bytes at offset 489, 11 left", error.Message);
    }

    [Fact]
    public async Task Odd_length_hex_result_is_a_payload_error()
    {
        var conversation = Conversation();
        conversation[$"state_call/{SubtensorClient.DynamicInfoCall}"] = _ => FixtureHex()[..^1];
        await using var node = await FakeSubtensorNode.StartAsync(conversation);

        var error = await Assert.ThrowsAsync<SourcePayloadException>(() => Client(node.WebSocketUrl).GetSnapshotAsync(HeadHash, CancellationToken.None));

        Assert.Contains("odd number of digits", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1}")]
    public async Task Malformed_json_over_http_is_a_payload_error(string body)
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapPost("/", () => Results.Text(body, "application/json")));

        await Assert.ThrowsAsync<SourcePayloadException>(() => Client(server.BaseAddress).GetBlockHashAsync(5, CancellationToken.None));
    }

    [Fact]
    public async Task Http_answer_over_the_body_cap_is_a_payload_error()
    {
        var body = $$"""{"jsonrpc":"2.0","id":1,"result":"0x{{new string('0', 4_000)}}"}""";
        await using var server = await LoopbackServer.StartAsync(app => app.MapPost("/", () => Results.Text(body, "application/json")));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sources:Subtensor:Url"] = server.BaseAddress.ToString(),
            ["Sources:Subtensor:MaxResponseBytes"] = "1000",
        }).Build();
        await using var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddSingleton(TimeProvider.System).AddSubtensorClient().BuildServiceProvider();

        var error = await Assert.ThrowsAsync<SourcePayloadException>(() =>
            services.GetRequiredService<SubtensorClient>().GetBlockHashAsync(null, CancellationToken.None));

        Assert.Equal("subtensor: chain_getBlockHash: response larger than 1000 bytes", error.Message);
    }

    [Fact]
    public async Task Http_500_then_success_is_retried_by_the_registered_resilience_handler()
    {
        var conversation = Conversation();
        var attempts = 0;
        await using var server = await LoopbackServer.StartAsync(app => app.MapPost("/", async (HttpContext context) =>
        {
            if (Interlocked.Increment(ref attempts) == 1)
            {
                return Results.StatusCode(500);
            }

            using var reader = new StreamReader(context.Request.Body);
            return Results.Text(FakeSubtensorNode.Answer(await reader.ReadToEndAsync(), conversation, new()), "application/json");
        }));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sources:Subtensor:Url"] = server.BaseAddress.ToString(),
            ["Sources:Subtensor:Resilience:RetryDelay"] = "00:00:00.010",
            ["Sources:Subtensor:Resilience:AttemptTimeout"] = "00:00:05",
        }).Build();
        await using var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddSingleton(TimeProvider.System).AddSubtensorClient().BuildServiceProvider();

        var hash = await services.GetRequiredService<SubtensorClient>().GetBlockHashAsync(null, CancellationToken.None);

        Assert.Equal(HeadHash, hash);
        Assert.Equal(2, server.CountRequests("/"));
        Assert.Equal(server.BaseAddress, services.GetRequiredService<IOptions<SubtensorOptions>>().Value.Url);
    }

    [Fact]
    public void AddSubtensorClient_accepts_the_default_wss_url()
    {
        using var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().Build())
            .AddSingleton(TimeProvider.System)
            .AddSubtensorClient()
            .BuildServiceProvider();

        Assert.NotNull(services.GetRequiredService<SubtensorClient>());
        Assert.Equal(new Uri("wss://entrypoint-finney.opentensor.ai:443"), services.GetRequiredService<IOptions<SubtensorOptions>>().Value.Url);
        Assert.Equal(new Uri("https://entrypoint-finney.opentensor.ai/"), SubtensorClient.HttpAddressOf(new Uri("wss://entrypoint-finney.opentensor.ai:443")));
        Assert.Equal(new Uri("http://127.0.0.1:9944/"), SubtensorClient.HttpAddressOf(new Uri("ws://127.0.0.1:9944")));
    }

    [Fact]
    public async Task Silent_websocket_node_times_out_per_attempt_with_a_clear_exception()
    {
        await using var server = await FakeSubtensorNode.StartSilentAsync();

        // Long enough for the second attempt's connection to reach the server on a loaded machine (300 ms was not).
        var error = await Assert.ThrowsAsync<SubtensorTransportException>(() =>
            Client(server.WebSocketAddress, attemptTimeout: TimeSpan.FromSeconds(1), retries: 1).GetBlockHashAsync(null, CancellationToken.None));

        Assert.StartsWith("subtensor: chain_getBlockHash: no answer from 127.0.0.1 within", error.Message, StringComparison.Ordinal);
        // One retry: a fresh connection for the second attempt.
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task Unreachable_websocket_node_is_a_transport_error_after_retries()
    {
        Uri url;
        await using (var gone = await LoopbackServer.StartAsync(_ => { }))
        {
            url = gone.WebSocketAddress;
        }

        await Assert.ThrowsAsync<SubtensorTransportException>(() => Client(url, retries: 1).GetBlockHashAsync(1, CancellationToken.None));
    }

    [Fact]
    public async Task Header_and_block_hash_calls_parse_hex_numbers_and_missing_blocks()
    {
        var conversation = Conversation();
        conversation["chain_getBlockHash"] = p => p.Count == 1 && p[0]!.GetValue<long>() > BlockNumber ? null : HeadHash;
        await using var node = await FakeSubtensorNode.StartAsync(conversation);
        var client = Client(node.WebSocketUrl);

        var header = await client.GetHeaderAsync(HeadHash, CancellationToken.None);

        Assert.Equal(new BlockHeader(BlockNumber, HeadHash, FakeSubtensorNode.HashOf(BlockNumber - 1)), header);
        Assert.Null(await client.GetBlockHashAsync(BlockNumber + 1, CancellationToken.None));
        Assert.Equal(HeadHash, await client.GetFinalizedOrBestHeadAsync(CancellationToken.None));
        Assert.Equal(BlockTime, await client.GetBlockTimestampAsync(HeadHash, CancellationToken.None));
        await Assert.ThrowsAsync<SourcePayloadException>(() => client.GetHeaderAsync(FakeSubtensorNode.HashOf(1), CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => client.GetHeaderAsync("0x1234", CancellationToken.None));
    }

    [Fact]
    public async Task Finalized_head_falls_back_to_the_best_block_when_the_node_lacks_finality()
    {
        var conversation = Conversation();
        conversation.Remove("chain_getFinalizedHead");
        await using var node = await FakeSubtensorNode.StartAsync(conversation);

        Assert.Equal(HeadHash, await Client(node.HttpUrl).GetFinalizedOrBestHeadAsync(CancellationToken.None));
    }

    [Fact]
    public async Task WebSocket_answers_are_matched_by_id_skipping_notifications_and_stale_answers()
    {
        var conversation = Conversation();
        await using var server = await LoopbackServer.StartAsync(app => app.Map("/", async context =>
        {
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            var buffer = new byte[64 * 1024];
            var received = await socket.ReceiveAsync(buffer, context.RequestAborted);
            var request = Encoding.UTF8.GetString(buffer, 0, received.Count);
            foreach (var noise in (string[])["{\"jsonrpc\":\"2.0\",\"method\":\"chain_newHead\",\"params\":{}}", "{\"jsonrpc\":\"2.0\",\"id\":999,\"result\":\"0xdead\"}"])
            {
                await socket.SendAsync(Encoding.UTF8.GetBytes(noise), WebSocketMessageType.Text, true, context.RequestAborted);
            }

            var answer = FakeSubtensorNode.Answer(request, conversation, new());
            await socket.SendAsync(Encoding.UTF8.GetBytes(answer), WebSocketMessageType.Text, true, context.RequestAborted);
            try
            {
                await socket.ReceiveAsync(buffer, context.RequestAborted);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
            {
                // The client has what it needs.
            }
        }));

        Assert.Equal(HeadHash, await Client(server.WebSocketAddress).GetBlockHashAsync(7, CancellationToken.None));
    }

    [Fact]
    public void Byte_array_results_must_hold_numbers_0_to_255()
    {
        Assert.Equal([1, 255], JsonRpc.Bytes(FakeSubtensorNode.Parse("[1,255]"), "f"));
        Assert.Throws<SourcePayloadException>(() => JsonRpc.Bytes(FakeSubtensorNode.Parse("[1,256]"), "f"));
        Assert.Throws<SourcePayloadException>(() => JsonRpc.Bytes(FakeSubtensorNode.Parse("[1,\"a\"]"), "f"));
        Assert.Throws<SourcePayloadException>(() => JsonRpc.Bytes(FakeSubtensorNode.Parse("{}"), "f"));
    }
}
