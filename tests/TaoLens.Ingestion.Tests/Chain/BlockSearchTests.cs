using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using TaoLens.Ingestion.Chain;
using TaoLens.Ingestion.Sources;

namespace TaoLens.Ingestion.Tests.Chain;

public sealed class BlockSearchTests
{
    private const long Head = 999;
    private static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    // Irregular 12-second blocks: every hundredth block a 30-second stall, so the first guess is off.
    private static DateTimeOffset TimeOf(long number) =>
        number == 0 ? DateTimeOffset.UnixEpoch : Start + TimeSpan.FromSeconds((number * 12) + (number / 100 * 30));

    private static long NumberOf(string hash) => long.Parse(hash.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);

    private static Dictionary<string, Func<JsonArray, JsonNode?>> Chain() => new()
    {
        ["chain_getFinalizedHead"] = _ => FakeSubtensorNode.HashOf(Head),
        ["chain_getBlockHash"] = p => p[0]!.GetValue<long>() is var n && n <= Head ? FakeSubtensorNode.HashOf(n) : null,
        ["chain_getHeader"] = p => NumberOf(p[0]!.GetValue<string>()) is var n && n <= Head
            ? FakeSubtensorNode.Header(n, FakeSubtensorNode.HashOf(Math.Max(n - 1, 0)))
            : null,
        // Genesis has no Timestamp.Now.
        ["state_getStorage"] = p => NumberOf(p[1]!.GetValue<string>()) is var n && n > 0
            ? FakeSubtensorNode.U64Hex((ulong)TimeOf(n).ToUnixTimeMilliseconds())
            : null,
    };

    private static SubtensorClient Client(Uri url) =>
        new(new HttpClient { BaseAddress = SubtensorClient.HttpAddressOf(url) },
            Options.Create(new SubtensorOptions { Url = url, Resilience = new ResilienceSettings { MaxRetries = 0 } }),
            TimeProvider.System);

    private static long Expected(DateTimeOffset time)
    {
        var best = 0L;
        for (var n = 0L; n <= Head; n++)
        {
            if (TimeOf(n) <= time)
            {
                best = n;
            }
        }

        return best;
    }

    public static TheoryData<string, long, int> Cases() => new()
    {
        { "ws", 500, 0 },
        { "ws", 500, 1 },
        { "ws", 501, -1 },
        { "http", 1, -1 },
        { "http", 1, 0 },
        { "ws", Head, 0 },
        { "ws", Head, 3_600_000 },
        { "http", 250, 5_000 },
        { "http", 300, 20_000 }, // inside the stall after block 300
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Finds_the_last_block_at_or_before_a_time(string transport, long block, int offsetMs)
    {
        await using var node = await FakeSubtensorNode.StartAsync(Chain());
        var time = TimeOf(block).AddMilliseconds(offsetMs);

        var hash = await Client(node.Url(transport)).FindBlockHashAtAsync(time, CancellationToken.None);

        Assert.Equal(Expected(time), NumberOf(hash));
    }

    [Fact]
    public async Task A_time_before_the_chain_gives_genesis()
    {
        await using var node = await FakeSubtensorNode.StartAsync(Chain());

        var hash = await Client(node.WebSocketUrl).FindBlockHashAtAsync(Start.AddDays(-30), CancellationToken.None);

        Assert.Equal(0, NumberOf(hash));
    }

    [Fact]
    public async Task Random_times_match_a_linear_scan_with_logarithmic_calls()
    {
        await using var node = await FakeSubtensorNode.StartAsync(Chain());
        var client = Client(node.WebSocketUrl);
        var random = new Random(42);
        for (var i = 0; i < 25; i++)
        {
            var time = Start + TimeSpan.FromMilliseconds(random.NextInt64(0, (long)(TimeOf(Head) - Start).TotalMilliseconds + 60_000));
            var before = node.Calls.Count;

            var hash = await client.FindBlockHashAtAsync(time, CancellationToken.None);

            Assert.Equal(Expected(time), NumberOf(hash));
            Assert.InRange(node.Calls.Count - before, 3, 60);
        }
    }
}
