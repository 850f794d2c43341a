using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using TaoLens.Data.Ingestion;
using TaoLens.Data.Snapshots;
using TaoLens.Ingestion.Chain;
using TaoLens.Ingestion.Runs;
using TaoLens.Ingestion.Tests.Sources;
using TaoLens.Testing;
using TaoLens.Testing.Loopback;

namespace TaoLens.Ingestion.Tests.Chain;

/// <summary>
/// The worker's chain backfill from <c>Sources:Subtensor:ArchiveUrl</c>: the live node (the recorded conversation of one
/// snapshot) serves the latest run, a second loopback node with 12-second blocks from <see cref="Genesis"/> serves history.
/// </summary>
public sealed class ChainArchiveBackfillTests
{
    private const long Head = 23_400; // 2025-01-04 06:00 UTC
    private static readonly DateTimeOffset Genesis = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = Genesis + TimeSpan.FromSeconds(Head * 12);
    private static readonly DateOnly DayOne = new(2025, 1, 2);
    private static readonly DateOnly DayTwo = new(2025, 1, 3);

    // 00, 06, 12 and 18 UTC of 2025-01-02 and of 2025-01-03.
    private static readonly long[] s_dayOneSamples = [7_200, 9_000, 10_800, 12_600];
    private static readonly long[] s_dayTwoSamples = [14_400, 16_200, 18_000, 19_800];

    private static readonly Dictionary<string, string?> s_otherSourcesOff = new()
    {
        ["Sources:Taostats:Enabled"] = "false",
        ["Sources:CoinGecko:Enabled"] = "false",
        ["Sources:Chutes:Enabled"] = "false",
    };

    [Theory]
    [InlineData("ws")]
    [InlineData("http")]
    public async Task The_first_run_takes_the_latest_snapshot_from_the_node_and_backfills_history_from_the_archive_node_only(string transport)
    {
        await using var live = await FakeSubtensorNode.StartAsync(SubtensorClientTests.Conversation());
        var archiveReads = new ConcurrentQueue<long>();
        await using var archive = await FakeSubtensorNode.StartAsync(ArchiveConversation(archiveReads.Enqueue));
        await using var database = await TestDatabase.CreateAsync();

        var progress = await RunWorkerUntilBackfilledAsync(database, Settings(live.Url(transport), archive.Url(transport), days: 2));

        Assert.Equal(new BackfillProgress(DayOne, DayTwo, 2, 2, 0, true, null), progress);
        // The live node answered the latest run and nothing else; every historical state came from the archive node.
        Assert.Equal(1, live.Calls.Count(c => c == $"state_call/{SubtensorClient.DynamicInfoCall}"));
        Assert.Equal([.. s_dayOneSamples, .. s_dayTwoSamples], archiveReads.Order());

        await using var db = database.CreateDbContext();
        var blocks = await db.SubnetSnapshots.Where(s => s.Source == SnapshotSources.Chain && s.Netuid == 64)
            .OrderBy(s => s.ObservedAt).Select(s => s.BlockNumber!.Value).ToListAsync();
        Assert.Equal([.. s_dayOneSamples, .. s_dayTwoSamples, SubtensorClientTests.BlockNumber], blocks);
        Assert.Equal(18, await db.SubnetSnapshots.CountAsync());
        var backfilled = await db.IngestionRuns.Where(r => r.BackfillDay != null).OrderBy(r => r.BackfillDay)
            .Select(r => new { r.BackfillDay, r.Status }).ToListAsync();
        Assert.Equal([Midnight(DayOne), Midnight(DayTwo)], backfilled.Select(r => r.BackfillDay!.Value));
        Assert.All(backfilled, r => Assert.Equal(IngestionRunStatus.Succeeded, r.Status));
    }

    [Fact]
    public async Task A_backfill_interrupted_by_a_stop_resumes_at_the_next_start_without_reading_the_loaded_days_again()
    {
        await using var live = await FakeSubtensorNode.StartAsync(SubtensorClientTests.Conversation());
        var reads = new ConcurrentQueue<(int Start, long Block)>();
        var start = 1;
        IHost? first = null;
        var stopping = new TaskCompletionSource<Task>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var release = new ManualResetEventSlim();
        await using var archive = await FakeSubtensorNode.StartAsync(ArchiveConversation(block =>
        {
            reads.Enqueue((start, block));
            if (start == 1 && block >= s_dayTwoSamples[0])
            {
                // The first start is stopped while it waits for the second day's first state; the answer comes too late.
                stopping.TrySetResult(Task.Run(() => first!.StopAsync()));
                release.Wait(TimeSpan.FromSeconds(60));
            }
        }));
        await using var database = await TestDatabase.CreateAsync();
        var settings = Settings(live.WebSocketUrl, archive.WebSocketUrl, days: 2);

        using (first = Build(database, settings))
        {
            await first.StartAsync();
            await (await stopping.Task.WaitAsync(TimeSpan.FromSeconds(60))).WaitAsync(TimeSpan.FromSeconds(60));
            release.Set();
        }

        Assert.Equal([.. s_dayOneSamples, s_dayTwoSamples[0]], reads.Where(r => r.Start == 1).Select(r => r.Block).Order());
        await using (var db = database.CreateDbContext())
        {
            var dayTwo = await db.IngestionRuns.SingleAsync(r => r.BackfillDay == Midnight(DayTwo));
            Assert.Equal(IngestionRunStatus.Failed, dayTwo.Status);
            Assert.StartsWith("cancelled", dayTwo.Error, StringComparison.Ordinal);
        }

        start = 2;
        var progress = await RunWorkerUntilBackfilledAsync(database, settings);

        Assert.Equal(new BackfillProgress(DayOne, DayTwo, 2, 2, 0, true, null), progress);
        Assert.Equal(s_dayTwoSamples, reads.Where(r => r.Start == 2).Select(r => r.Block).Order());
        await using (var db = database.CreateDbContext())
        {
            Assert.Equal(1, await db.IngestionRuns.CountAsync(r => r.BackfillDay == Midnight(DayOne)));
            Assert.Equal(1, await db.IngestionRuns.CountAsync(r => r.BackfillDay == Midnight(DayTwo) && r.Status == IngestionRunStatus.Succeeded));
            Assert.Equal(16, await db.SubnetSnapshots.CountAsync(s => s.BlockNumber != SubtensorClientTests.BlockNumber));
        }
    }

    [Fact]
    public async Task Without_an_archive_node_the_worker_takes_the_latest_snapshot_backfills_nothing_and_says_why()
    {
        await using var live = await FakeSubtensorNode.StartAsync(SubtensorClientTests.Conversation());
        await using var database = await TestDatabase.CreateAsync();
        var settings = new Dictionary<string, string?>(s_otherSourcesOff) { ["Sources:Subtensor:Url"] = live.WebSocketUrl.ToString() };
        using var host = Build(database, settings);
        var schedule = host.Services.GetRequiredService<IngestionSchedule>();

        await host.StartAsync();
        // The worker publishes its next run once the first run, and any backfill after it, is over.
        for (var i = 0; i < 600 && schedule.NextRunOf(SnapshotSources.Chain) is null; i++)
        {
            await Task.Delay(50);
        }

        await host.StopAsync();

        Assert.NotNull(schedule.NextRunOf(SnapshotSources.Chain));
        Assert.Null(schedule.BackfillOf(SnapshotSources.Chain));
        Assert.Equal(1, live.Calls.Count(c => c == $"state_call/{SubtensorClient.DynamicInfoCall}"));
        await using var db = database.CreateDbContext();
        Assert.Equal(IngestionRunStatus.Succeeded, (await db.IngestionRuns.SingleAsync()).Status);
        await using var scope = host.Services.CreateAsyncScope();
        var chain = scope.ServiceProvider.GetRequiredService<ChainSource>();
        Assert.Equal(0, chain.BackfillDays);
        Assert.StartsWith("Sources:Subtensor:ArchiveUrl is not set", chain.NoBackfillReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_archive_node_failing_over_http_does_not_open_the_circuit_of_the_live_node()
    {
        await using var live = await FakeSubtensorNode.StartAsync(SubtensorClientTests.Conversation());
        await using var archive = await LoopbackServer.StartAsync(app => app.Map("/", context =>
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return Task.CompletedTask;
        }));
        await using var database = await TestDatabase.CreateAsync();
        var settings = Settings(live.HttpUrl, archive.BaseAddress, days: 0);
        settings["Sources:Subtensor:Resilience:BreakerMinimumThroughput"] = "2";
        using var host = IngestionHost.Build(database, settings);
        await using var scope = host.Services.CreateAsyncScope();
        var runner = scope.ServiceProvider.GetRequiredService<IngestionRunner>();
        var chain = scope.ServiceProvider.GetRequiredService<ChainSource>();

        var day = await runner.RunDayAsync(chain, DayOne, CancellationToken.None);
        var again = await runner.RunDayAsync(chain, DayOne, CancellationToken.None);
        var latest = await runner.RunLatestAsync(chain, CancellationToken.None);

        Assert.Equal(RunOutcome.Failed, day.Outcome);
        Assert.Contains("circuit", again.Error, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(RunOutcome.Succeeded, latest.Outcome);
    }

    private static Dictionary<string, string?> Settings(Uri url, Uri archiveUrl, int days) => new(s_otherSourcesOff)
    {
        ["Sources:Subtensor:Url"] = url.ToString(),
        ["Sources:Subtensor:ArchiveUrl"] = archiveUrl.ToString(),
        ["Sources:Subtensor:BackfillDays"] = days.ToString(CultureInfo.InvariantCulture),
    };

    private static IHost Build(TestDatabase database, Dictionary<string, string?> settings) =>
        IngestionHost.Build(database, settings, services => services.AddSingleton<TimeProvider>(new FakeTimeProvider(Now)));

    private static async Task<BackfillProgress> RunWorkerUntilBackfilledAsync(TestDatabase database, Dictionary<string, string?> settings)
    {
        using var host = Build(database, settings);
        var schedule = host.Services.GetRequiredService<IngestionSchedule>();
        await host.StartAsync();
        for (var i = 0; i < 1_200 && schedule.BackfillOf(SnapshotSources.Chain) is not { Finished: true }; i++)
        {
            await Task.Delay(50);
        }

        await host.StopAsync();
        return schedule.BackfillOf(SnapshotSources.Chain) ?? throw new TimeoutException("the worker never backfilled the chain");
    }

    private static DateTimeOffset Midnight(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    private static DateTimeOffset TimeOf(long number) => Genesis + TimeSpan.FromSeconds(number * 12);

    private static long NumberOf(string hash) => long.Parse(hash.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);

    /// <summary>An archive node: every block up to <see cref="Head"/> with its time; each historical state read is reported.</summary>
    private static Dictionary<string, Func<JsonArray, JsonNode?>> ArchiveConversation(Action<long> onStateRead)
    {
        var conversation = SubtensorClientTests.Conversation();
        conversation["chain_getFinalizedHead"] = _ => FakeSubtensorNode.HashOf(Head);
        conversation["chain_getBlockHash"] = p => p[0]!.GetValue<long>() is var n && n <= Head ? FakeSubtensorNode.HashOf(n) : null;
        conversation["chain_getHeader"] = p => NumberOf(p[0]!.GetValue<string>()) is var n && n <= Head
            ? FakeSubtensorNode.Header(n, FakeSubtensorNode.HashOf(Math.Max(n - 1, 0)))
            : null;
        conversation["state_getStorage"] = p => FakeSubtensorNode.U64Hex((ulong)TimeOf(NumberOf(p[1]!.GetValue<string>())).ToUnixTimeMilliseconds());
        conversation[$"state_call/{SubtensorClient.DynamicInfoCall}"] = p =>
        {
            onStateRead(NumberOf(p[2]!.GetValue<string>()));
            return SubtensorClientTests.FixtureHex();
        };
        return conversation;
    }
}
