using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using TaoLens.Core.Valuation;
using TaoLens.Data.ReferenceData;
using TaoLens.Data.Snapshots;
using TaoLens.Testing;

namespace TaoLens.Data.Tests.ReferenceData;

public sealed class ReferenceDataLoaderTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task Loading_twice_gives_the_same_row_counts_and_writes_nothing_the_second_time()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = database.CreateDbContext();
        var loader = new ReferenceDataLoader(db, TimeProvider.System, NullLogger<ReferenceDataLoader>.Instance);

        var first = await loader.LoadAsync();
        var counts = await CountsAsync(db);
        var second = await loader.LoadAsync();

        Assert.Equal((129, 5431, 44, 3), counts);
        Assert.Equal(129 + 5431 + 44 + 3, first);
        Assert.Equal(0, second);
        Assert.Equal(counts, await CountsAsync(db));
        Assert.False(await loader.LoadIfEmptyAsync());
    }

    [Fact]
    public async Task Every_loaded_row_is_marked_as_reference_data()
    {
        await using var db = fixture.CreateDbContext();
        await new ReferenceDataLoader(db, TimeProvider.System, NullLogger<ReferenceDataLoader>.Instance).LoadAsync();

        Assert.All(await db.Subnets.ToListAsync(), s => Assert.True(s.IsReferenceData));
        Assert.True(await db.SubnetSnapshots.AllAsync(s => s.Source == SnapshotSources.Reference));
        Assert.True(await db.TaoMarketSnapshots.AllAsync(s => s.Source == SnapshotSources.Reference));
        Assert.True(await db.RevenueEntries.AllAsync(e => e.IsReferenceData));
    }

    [Fact]
    public async Task Reference_values_match_the_public_sources_they_came_from()
    {
        await using var db = fixture.CreateDbContext();
        await new ReferenceDataLoader(db, TimeProvider.System, NullLogger<ReferenceDataLoader>.Instance).LoadAsync();

        // emissions_20251001.json: "64": 0.082734941 TAO per block at 2025-10-01T16:01:17Z.
        var chutes = await db.SubnetSnapshots.SingleAsync(s => s.Netuid == 64 && s.ObservedAt == new DateTimeOffset(2025, 10, 1, 16, 1, 17, 364, 912, TimeSpan.Zero));
        Assert.Equal(82_734_941L, chutes.TaoInEmissionRao);

        // Taostats price sample, 2025-11-20: $322.124618259631, used as an approximation for every reference day.
        Assert.True(await db.TaoMarketSnapshots.AllAsync(m => m.PriceUsd == 322.124618259631m));

        var templar = await db.RevenueEntries.SingleAsync(e => e.Netuid == 3);
        Assert.Equal((RevenueEntryKind.RunRate, 2_400_000m, RevenueSourceType.ThirdParty), (templar.Kind, templar.AmountUsd!.Value, templar.SourceKind));
        var network = await db.RevenueEntries.SingleAsync(e => e.Subject == "Bittensor network");
        Assert.Equal((null, 20_000_000m, 50_000_000m, RevenueSourceType.AnalystEstimate), (network.AmountUsd, network.LowUsd!.Value, network.HighUsd!.Value, network.SourceKind));
        Assert.Equal("templar", (await db.Subnets.SingleAsync(s => s.Netuid == 3)).Name);
    }

    private static async Task<(int, int, int, int)> CountsAsync(TaoLensDbContext db) =>
        (await db.Subnets.CountAsync(), await db.SubnetSnapshots.CountAsync(), await db.TaoMarketSnapshots.CountAsync(), await db.RevenueEntries.CountAsync());
}
