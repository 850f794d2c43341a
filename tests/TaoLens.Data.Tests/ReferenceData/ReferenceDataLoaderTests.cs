using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using TaoLens.Core.Claims;
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

        // 5,431 emission snapshots and 5,632 alpha-price snapshots; 28 days with a real TAO price; 2 dated claims.
        Assert.Equal((129, 5431 + 5632, 28, 5, 8), counts);
        Assert.Equal(129 + 5431 + 5632 + 28 + 5 + 8, first);
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

        Assert.Equal("templar", (await db.Subnets.SingleAsync(s => s.Netuid == 3)).Name);
    }

    [Fact]
    public async Task The_tao_price_of_2025_10_27_is_the_real_daily_price_and_days_before_2025_09_30_have_none()
    {
        await using var db = fixture.CreateDbContext();
        await new ReferenceDataLoader(db, TimeProvider.System, NullLogger<ReferenceDataLoader>.Instance).LoadAsync();

        // tao_usd_daily_2025-09-30_2025-12-31.csv: "2025-10-27,404.280085371133,1761523200" (00:00 UTC).
        var price = await db.MarketDayRows.SingleAsync(d => d.Day == new DateTimeOffset(2025, 10, 27, 0, 0, 0, TimeSpan.Zero));
        Assert.Equal(404.280085371133m, price.PriceUsd);
        Assert.Null(price.MarketCapUsd);
        // No real price was found for 2025-09-14 .. 09-29: no row, so no USD figure, rather than an approximation.
        Assert.Equal(new DateTimeOffset(2025, 9, 30, 0, 0, 0, TimeSpan.Zero), await db.MarketDayRows.MinAsync(d => d.Day));
        Assert.Equal(28, await db.MarketDayRows.CountAsync());
    }

    [Fact]
    public async Task A_subnets_alpha_price_on_a_day_is_the_source_files_value()
    {
        await using var db = fixture.CreateDbContext();
        await new ReferenceDataLoader(db, TimeProvider.System, NullLogger<ReferenceDataLoader>.Instance).LoadAsync();

        // alpha_prices_daily_2025-09-14_2025-10-27.csv: "2025-10-27,3,0.025712612,6754556,2025-10-27T23:58:00+00:00,720".
        var day = new DateTimeOffset(2025, 10, 27, 0, 0, 0, TimeSpan.Zero);
        var templar = await db.SubnetDayRows.SingleAsync(d => d.Netuid == 3 && d.Day == day);
        Assert.Equal(0.025712612m, templar.AlphaPriceTao);
        // The day's emission snapshot (about 16:00) is still the day's emission.
        Assert.Equal(1, templar.TaoInEmissionCount);
        var sample = await db.SubnetSnapshots.SingleAsync(s => s.Netuid == 3 && s.ObservedAt == new DateTimeOffset(2025, 10, 27, 23, 58, 0, TimeSpan.Zero));
        Assert.Equal((6_754_556L, (long?)null), (sample.BlockNumber!.Value, sample.TaoInEmissionRao));
        // "2025-09-14,64,0.10…": every emission day has alpha prices, before the first real TAO price too.
        Assert.Equal(44, await db.SubnetDayRows.CountAsync(d => d.Netuid == 64 && d.AlphaPriceTao != null));
    }

    [Fact]
    public async Task Revenue_claims_ship_as_ledger_entries_with_their_source_kind_and_the_unverified_ones_say_so()
    {
        await using var db = fixture.CreateDbContext();
        await new ReferenceDataLoader(db, TimeProvider.System, NullLogger<ReferenceDataLoader>.Instance).LoadAsync();

        var entries = await db.RevenueEntries.OrderBy(e => e.AsOf).ThenBy(e => e.Id).ToListAsync();
        var chutes = entries[0];
        Assert.Equal((64, RevenueEntryKind.RunRate, 4_125_000m, 5_500_000m, RevenueSourceType.ThirdParty, new DateTimeOffset(2025, 12, 15, 0, 0, 0, TimeSpan.Zero)),
            (chutes.Netuid!.Value, chutes.Kind, chutes.AmountUsd!.Value, chutes.HighUsd!.Value, chutes.SourceKind, chutes.AsOf!.Value));
        var network = entries.Single(e => e.Netuid is null && e.CoversNetuids is null && e.AmountUsd == 43_000_000m);
        Assert.Equal((RevenueSourceType.AnalystEstimate, new DateTimeOffset(2026, 3, 31, 0, 0, 0, TimeSpan.Zero), (DateTimeOffset?)null),
            (network.SourceKind, network.AsOf!.Value, network.PublishedAt));
        // The reference figures (Gate news, March 2026) are claims too: no address, and each says it was not verified.
        var gate = entries.Where(e => e.SourceName.StartsWith("Gate", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, gate.Count);
        Assert.All(gate, e => Assert.Null(e.SourceUrl));
        Assert.All(gate, e => Assert.Contains("No address", e.Note, StringComparison.Ordinal));
        Assert.Equal(2_400_000m, gate.Single(e => e.Netuid == 3).AmountUsd);
        Assert.Equal([3, 4, 64], gate.Single(e => e.CoversNetuids is not null).CoversNetuids!);
        Assert.Equal((20_000_000m, 50_000_000m), gate.Where(e => e.Netuid is null && e.CoversNetuids is null).Select(e => (e.LowUsd!.Value, e.HighUsd!.Value)).Single());
        Assert.All(entries.Where(e => e.SourceUrl is not null), e => Assert.StartsWith("https://", e.SourceUrl, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Claims_other_than_revenue_ship_with_their_dates_and_ranges()
    {
        await using var db = fixture.CreateDbContext();
        await new ReferenceDataLoader(db, TimeProvider.System, NullLogger<ReferenceDataLoader>.Instance).LoadAsync();

        var claims = await db.FigureClaims.ToListAsync();
        Assert.Equal(8, claims.Count);
        Assert.All(claims, c => Assert.True(c.IsReferenceData));
        var subsidy = claims.Single(c => c.Netuid == 3 && c.Quantity == ClaimQuantity.AnnualSubsidyUsd);
        Assert.Equal((52_000_000m, new DateTimeOffset(2026, 3, 31, 0, 0, 0, TimeSpan.Zero)), (subsidy.BaseValue!.Value, subsidy.AsOf!.Value));
        var multiple = claims.Single(c => c.Netuid is null && c.Quantity == ClaimQuantity.MarketCapToRevenue);
        Assert.Equal(((decimal?)null, 60m, 150m), (multiple.BaseValue, multiple.LowValue!.Value, multiple.HighValue!.Value));
        var emissions = claims.Single(c => c.Netuid is null && c.Quantity == ClaimQuantity.AnnualSubsidyUsd);
        Assert.Equal((new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero)), (emissions.PeriodStart!.Value, emissions.PeriodEnd!.Value));
        Assert.Equal(31_000_000m, claims.Single(c => c.Netuid == 3 && c.Quantity == ClaimQuantity.MarketCapUsd).BaseValue);
    }

    private static async Task<(int, int, int, int, int)> CountsAsync(TaoLensDbContext db) =>
        (await db.Subnets.CountAsync(), await db.SubnetSnapshots.CountAsync(), await db.TaoMarketSnapshots.CountAsync(), await db.RevenueEntries.CountAsync(),
            await db.FigureClaims.CountAsync());
}
