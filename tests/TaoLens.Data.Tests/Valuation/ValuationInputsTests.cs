using Microsoft.Extensions.Logging.Abstractions;
using TaoLens.Core.Valuation;
using TaoLens.Data.ReferenceData;
using TaoLens.Data.Revenue;
using TaoLens.Data.Snapshots;
using TaoLens.Data.Subnets;
using TaoLens.Data.Valuation;
using TaoLens.Testing;

namespace TaoLens.Data.Tests.Valuation;

public sealed class ValuationInputsTests
{
    [Fact]
    public async Task Every_ledger_and_feed_field_arrives_and_one_subnet_loads_with_the_network_wide_claims_only()
    {
        await using var database = await TestDatabase.CreateAsync();
        var day = new DateTimeOffset(2026, 3, 10, 0, 0, 0, TimeSpan.Zero);
        await using (var db = database.CreateDbContext())
        {
            db.Subnets.AddRange(new Subnet { Netuid = 1, FirstSeenAt = day, LastSeenAt = day }, new Subnet { Netuid = 2, FirstSeenAt = day, LastSeenAt = day });
            foreach (var netuid in new[] { 1, 2 })
            {
                db.SubnetSnapshots.Add(new SubnetSnapshot { Netuid = netuid, ObservedAt = day.AddHours(6), Source = SnapshotSources.Chain, TaoInEmissionRao = 1_000 * netuid });
            }

            db.TaoMarketSnapshots.Add(new TaoMarketSnapshot { ObservedAt = day.AddHours(6), Source = SnapshotSources.CoinGecko, PriceUsd = 412.5m, MaxSupply = 21_000_000m });
            var period = new RevenueEntry
            {
                Netuid = 1, Subject = "Q1", Kind = RevenueEntryKind.Realised, PeriodStart = day.AddDays(-70), PeriodEnd = day.AddDays(-9),
                AmountUsd = 90_000m, LowUsd = 80_000m, HighUsd = 120_000m, SourceName = "report", SourceKind = RevenueSourceType.Audited,
                PublishedAt = day.AddDays(-5), EnteredBy = "test", EnteredAt = day,
            };
            db.RevenueEntries.AddRange(
                period,
                new RevenueEntry
                {
                    Netuid = null, Subject = "network", Kind = RevenueEntryKind.RunRate, AsOf = day.AddDays(-1), AmountUsd = 1_000_000m,
                    SourceName = "claim", SourceKind = RevenueSourceType.AnalystEstimate, EnteredBy = "test", EnteredAt = day,
                },
                new RevenueEntry
                {
                    Netuid = 2, Subject = "other", Kind = RevenueEntryKind.RunRate, AsOf = day, AmountUsd = 5m,
                    SourceName = "other", SourceKind = RevenueSourceType.OnChain, EnteredBy = "test", EnteredAt = day,
                });
            // Inside the window on both subnets, and one row before it.
            db.DailyRevenues.AddRange(
                new DailyRevenue { Netuid = 1, Day = day, Component = "payg", Source = "chutes", AmountUsd = 12.34m, CountsAsExternal = true },
                new DailyRevenue { Netuid = 2, Day = day, Component = "payg", Source = "chutes", AmountUsd = 1m, CountsAsExternal = false },
                new DailyRevenue { Netuid = 1, Day = day.AddDays(-40), Component = "payg", Source = "chutes", AmountUsd = 99m, CountsAsExternal = true });
            await db.SaveChangesAsync();
            db.RevenueEntries.Add(new RevenueEntry
            {
                Netuid = 1, Subject = "Q1 corrected", Kind = RevenueEntryKind.Realised, PeriodStart = period.PeriodStart, PeriodEnd = period.PeriodEnd,
                AmountUsd = 95_000m, SourceName = "report", SourceKind = RevenueSourceType.SelfReported, EnteredBy = "test", EnteredAt = day, CorrectsId = period.Id,
            });
            await db.SaveChangesAsync();
        }

        var asOf = DateOnly.FromDateTime(day.UtcDateTime);
        await using var context = database.CreateDbContext();
        var all = await ValuationInputs.LoadAsync(context, asOf, asOf, new ValuationOptions());
        var one = await ValuationInputs.LoadAsync(context, asOf, asOf, new ValuationOptions(), netuid: 1);

        Assert.Equal([1, 2], all.SubnetDays.Select(d => d.Netuid));
        Assert.Equal(4, all.RevenueEntries.Count);
        Assert.Equal([(1, 12.34m, true), (2, 1m, false)], all.DailyRevenue.OrderBy(r => r.Netuid).Select(r => (r.Netuid, r.AmountUsd, r.CountsAsExternal)));
        var market = Assert.Single(all.MarketDays);
        Assert.Equal((asOf, 412.5m, 21_000_000m, (decimal?)null), (market.Day, market.PriceUsd!.Value, market.MaxSupply!.Value, market.MarketCapUsd));

        var subnetDay = Assert.Single(one.SubnetDays);
        Assert.Equal((1, asOf, 1, 1_000m), (subnetDay.Netuid, subnetDay.Day, subnetDay.SnapshotCount, subnetDay.TaoInEmissionRao!.Value));
        Assert.Equal([null, 1, 1], one.RevenueEntries.Select(e => e.Netuid).Order());
        var feed = Assert.Single(one.DailyRevenue);
        Assert.Equal(new DailyRevenueInput(1, asOf, "payg", 12.34m, true), feed);
        var entry = Assert.Single(one.RevenueEntries, e => e.Netuid == 1 && e.CorrectsId is null);
        Assert.Equal(
            (RevenueEntryKind.Realised, RevenueSourceType.Audited, day.AddDays(-70), day.AddDays(-9), (DateTimeOffset?)null, 90_000m, 80_000m, 120_000m, day.AddDays(-5)),
            (entry.Kind, entry.SourceType, entry.PeriodStart!.Value, entry.PeriodEnd!.Value, entry.AsOf, entry.AmountUsd!.Value, entry.LowUsd!.Value, entry.HighUsd!.Value, entry.PublishedAt!.Value));
        var correction = Assert.Single(one.RevenueEntries, e => e.CorrectsId is not null);
        Assert.Equal((entry.Id, RevenueSourceType.SelfReported, 95_000m), (correction.CorrectsId!.Value, correction.SourceType, correction.AmountUsd!.Value));
        var claim = Assert.Single(one.RevenueEntries, e => e.Netuid is null);
        Assert.Equal((RevenueEntryKind.RunRate, RevenueSourceType.AnalystEstimate, day.AddDays(-1)), (claim.Kind, claim.SourceType, claim.AsOf!.Value));
    }

    [Fact]
    public async Task Reference_data_loads_as_engine_input_for_the_window_and_the_whole_ledger()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = database.CreateDbContext();
        await new ReferenceDataLoader(db, TimeProvider.System, NullLogger<ReferenceDataLoader>.Instance).LoadAsync();
        var asOf = new DateOnly(2025, 10, 27);

        var input = await ValuationInputs.LoadAsync(db, asOf, asOf, new ValuationOptions());

        // The 30-day window reads 2025-09-28..2025-10-27: 30 reference days, 122-125 active subnets a day, and a real
        // TAO price on 28 of them (from 2025-09-30).
        Assert.Equal(28, input.MarketDays.Count);
        Assert.Equal(30, input.SubnetDays.Where(d => d.Netuid == 64).Count());
        // The whole ledger: Chutes' run-rate, Templar's $2.4M, the top-three group claim and the network's two estimates.
        Assert.Equal(5, input.RevenueEntries.Count);
        var chutes = Assert.Single(input.RevenueEntries, e => e.Netuid == 64);
        Assert.Equal((RevenueEntryKind.RunRate, RevenueSourceType.ThirdParty, 4_125_000m), (chutes.Kind, chutes.SourceType, chutes.AmountUsd!.Value));
        Assert.Empty(input.DailyRevenue);

        var result = ValuationEngine.Compute(input, asOf, asOf);
        Assert.Equal(584.70675120m, result.Subnet(64)!.TaoSideTaoPerDay.At(asOf).Base);
        Assert.Equal(0.083899136m, result.Subnet(64)!.AlphaPriceTao.At(asOf).Base);
        // Alpha FDV = alpha price x 21M alpha x the day's TAO price, from the first start.
        Assert.Equal(0.083899136m * 21_000_000m * 404.280085371133m, result.Subnet(64)!.FullyDilutedUsd.At(asOf).Base);
    }
}
