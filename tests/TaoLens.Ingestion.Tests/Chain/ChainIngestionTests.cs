using Microsoft.EntityFrameworkCore;
using TaoLens.Data.Snapshots;
using TaoLens.Ingestion.Chain;
using TaoLens.Ingestion.Runs;
using TaoLens.Ingestion.Tests.Sources;
using TaoLens.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace TaoLens.Ingestion.Tests.Chain;

public sealed class ChainIngestionTests
{
    [Theory]
    [InlineData("ws")]
    [InlineData("http")]
    public async Task A_chain_run_stores_subnets_and_snapshots_with_exact_chain_values(string transport)
    {
        await using var node = await FakeSubtensorNode.StartAsync(SubtensorClientTests.Conversation());
        await using var database = await TestDatabase.CreateAsync();
        using var host = IngestionHost.Build(database, new Dictionary<string, string?> { ["Sources:Subtensor:Url"] = node.Url(transport).ToString() });

        var result = await host.RunOnceAsync<ChainSource>();

        Assert.Equal(RunOutcome.Succeeded, result.Outcome);
        await using var db = database.CreateDbContext();
        var chutes = await db.SubnetSnapshots.SingleAsync(s => s.Netuid == 64);
        Assert.Equal((SnapshotSources.Chain, SubtensorClientTests.BlockNumber, SubtensorClientTests.BlockTime), (chutes.Source, chutes.BlockNumber!.Value, chutes.ObservedAt));
        Assert.Equal((50_000_000L, 25_000_000L, 1_000_000_000L, 625_000_000L), (chutes.TaoInEmissionRao!.Value, chutes.ExcessTaoRao!.Value, chutes.AlphaOutEmissionRao!.Value, chutes.AlphaInEmissionRao!.Value));
        Assert.Equal((1_875_000_000_000_000L, 2_100_000_000_000_000L, 150_000_000_000_000L), (chutes.AlphaInPoolRao!.Value, chutes.AlphaOutstandingRao!.Value, chutes.TaoInPoolRao!.Value));
        Assert.Equal(0.079m, chutes.AlphaPriceTao);
        Assert.Equal(98_765_432_100_000_000, (long)chutes.CumulativeVolumeRao!.Value);
        // DynamicInfo network_registered_at of the fixture's netuid 64: tells a re-registered netuid apart.
        Assert.Equal(4_560_000L, chutes.RegistrationBlock);
        // 339302417 / 2^32, to the column's 18 places.
        Assert.Equal(0.079000000143423676m, chutes.MovingPriceTao);

        var subnet = await db.Subnets.SingleAsync(s => s.Netuid == 64);
        Assert.Equal("Chutes 🚀 <script>alert(1)</script>", subnet.Name);
        Assert.False(subnet.IsReferenceData);
        Assert.Equal("https://example.invalid/logo.png", subnet.LogoUrl);
        // The runtime has SubnetExcessTao (netuid 64 has a value), so an absent key is the map default, 0.
        Assert.Equal(0, (await db.SubnetSnapshots.SingleAsync(s => s.Netuid == 0)).ExcessTaoRao);
        Assert.Equal(2, await db.SubnetSnapshots.CountAsync());
    }

    [Fact]
    public async Task A_cut_short_scale_payload_fails_the_run_writes_nothing_and_the_next_good_run_succeeds()
    {
        var conversation = SubtensorClientTests.Conversation();
        var good = conversation[$"state_call/{SubtensorClient.DynamicInfoCall}"];
        var truncated = true;
        conversation[$"state_call/{SubtensorClient.DynamicInfoCall}"] = p => truncated ? SubtensorClientTests.FixtureHex()[..300] : good(p);
        await using var node = await FakeSubtensorNode.StartAsync(conversation);
        await using var database = await TestDatabase.CreateAsync();
        using var host = IngestionHost.Build(database, new Dictionary<string, string?> { ["Sources:Subtensor:Url"] = node.HttpUrl.ToString() });

        var failed = await host.RunOnceAsync<ChainSource>();

        Assert.Equal(RunOutcome.Failed, failed.Outcome);
        Assert.Contains("SourcePayloadException", failed.Error, StringComparison.Ordinal);
        await using (var db = database.CreateDbContext())
        {
            Assert.Equal(0, await db.SubnetSnapshots.CountAsync());
            Assert.Equal(0, await db.Subnets.CountAsync());
        }

        truncated = false;
        var next = await host.RunOnceAsync<ChainSource>();
        var again = await host.RunOnceAsync<ChainSource>();

        Assert.Equal(RunOutcome.Succeeded, next.Outcome);
        Assert.Equal(new RunResult(RunOutcome.Succeeded, 0, null), again);
    }
}

public sealed class ChainBackfillTests
{
    private const long Head = 9_000;
    private static readonly DateTimeOffset Genesis = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static DateTimeOffset TimeOf(long number) => Genesis + TimeSpan.FromSeconds(number * 12);

    private static long NumberOf(string hash) => long.Parse(hash.AsSpan(2), System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_backfill_day_samples_the_block_at_each_sampled_time_and_reads_state_at_its_hash()
    {
        var statesRead = new System.Collections.Concurrent.ConcurrentBag<long>();
        var conversation = SubtensorClientTests.Conversation();
        conversation["chain_getFinalizedHead"] = _ => FakeSubtensorNode.HashOf(Head);
        conversation["chain_getBlockHash"] = p => p[0]!.GetValue<long>() is var n && n <= Head ? FakeSubtensorNode.HashOf(n) : null;
        conversation["chain_getHeader"] = p => FakeSubtensorNode.Header(NumberOf(p[0]!.GetValue<string>()), FakeSubtensorNode.HashOf(Math.Max(NumberOf(p[0]!.GetValue<string>()) - 1, 0)));
        conversation["state_getStorage"] = p => FakeSubtensorNode.U64Hex((ulong)TimeOf(NumberOf(p[1]!.GetValue<string>())).ToUnixTimeMilliseconds());
        conversation[$"state_call/{SubtensorClient.DynamicInfoCall}"] = p =>
        {
            statesRead.Add(NumberOf(p[2]!.GetValue<string>()));
            return SubtensorClientTests.FixtureHex();
        };
        await using var node = await FakeSubtensorNode.StartAsync(conversation);
        await using var database = await TestDatabase.CreateAsync();
        using var host = IngestionHost.Build(database, new Dictionary<string, string?> { ["Sources:Subtensor:Url"] = node.HttpUrl.ToString() });
        await using var scope = host.Services.CreateAsyncScope();

        var result = await scope.ServiceProvider.GetRequiredService<IngestionRunner>()
            .RunDayAsync(scope.ServiceProvider.GetRequiredService<ChainSource>(), new DateOnly(2025, 1, 1), CancellationToken.None);

        Assert.Equal(RunOutcome.Succeeded, result.Outcome);
        // 00:00, 06:00, 12:00 and 18:00 UTC are blocks 0, 1800, 3600 and 5400 of this 12-second chain.
        Assert.Equal([0L, 1_800, 3_600, 5_400], statesRead.Order());
        await using var db = database.CreateDbContext();
        var samples = await db.SubnetSnapshots.Where(s => s.Netuid == 64).OrderBy(s => s.ObservedAt).Select(s => new { s.BlockNumber, s.ObservedAt }).ToListAsync();
        Assert.Equal([1_800L, 3_600, 5_400], samples.Skip(1).Select(s => s.BlockNumber!.Value));
        Assert.Equal(TimeOf(1_800), samples[1].ObservedAt);
        var run = await db.IngestionRuns.SingleAsync();
        Assert.Equal(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), run.BackfillDay);
    }
}
