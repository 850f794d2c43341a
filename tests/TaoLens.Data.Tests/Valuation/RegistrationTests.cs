using TaoLens.Core.Valuation;
using TaoLens.Data.Snapshots;
using TaoLens.Data.Subnets;
using TaoLens.Data.Valuation;
using TaoLens.Testing;

namespace TaoLens.Data.Tests.Valuation;

/// <summary>docs/metrics.md, "Whole-network totals" and "Re-registration", through the stored rollups.</summary>
public sealed class RegistrationTests
{
    private static readonly DateOnly To = new(2026, 3, 10);

    [Fact]
    public async Task A_re_registered_netuid_reaches_the_engine_as_a_new_history_whether_loaded_alone_or_with_the_network()
    {
        await using var database = await TestDatabase.CreateAsync();
        var midnight = new DateTimeOffset(To.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        await using (var db = database.CreateDbContext())
        {
            db.Subnets.AddRange(new Subnet { Netuid = 1, FirstSeenAt = midnight, LastSeenAt = midnight }, new Subnet { Netuid = 2, FirstSeenAt = midnight, LastSeenAt = midnight });
            for (var back = 3; back >= 0; back--)
            {
                var at = midnight.AddDays(-back).AddHours(12);
                // SN1: block 100 at 0.04 TAO per block until To-2, block 200 at 0.02 from To-1. SN2 every day, so every day is complete.
                db.SubnetSnapshots.Add(new SubnetSnapshot
                {
                    Netuid = 1, ObservedAt = at, Source = SnapshotSources.Chain,
                    TaoInEmissionRao = back >= 2 ? 40_000_000 : 20_000_000, RegistrationBlock = back >= 2 ? 100 : 200,
                });
                db.SubnetSnapshots.Add(new SubnetSnapshot { Netuid = 2, ObservedAt = at, Source = SnapshotSources.Chain, TaoInEmissionRao = 40_000_000, RegistrationBlock = 50 });
            }

            await db.SaveChangesAsync();
        }

        var options = ValuationOptions.Default with { WindowDays = 4 };
        await using var read = database.CreateDbContext();
        var all = ValuationEngine.Compute(await ValuationInputs.LoadAsync(read, To, To, options), To, To, options).Subnet(1)!;
        var alone = ValuationEngine.ComputeSubnets(await ValuationInputs.LoadAsync(read, To, To, options, netuid: 1), To, To, options).Single();

        // The newcomer: its two days of 144 TAO, the predecessor's two days as zero: 288 × 365 / 4 = 26,280 TAO a year.
        Assert.Equal(26_280m, all.AnnualisedTaoSideTao[0].Base);
        Assert.Equal(To.AddDays(-1), all.RegisteredOn);
        Assert.Equal(26_280m, alone.AnnualisedTaoSideTao[0].Base);
        Assert.Equal(To.AddDays(-1), alone.RegisteredOn);
    }

    [Fact]
    public async Task A_subnet_loaded_alone_counts_its_absent_days_as_zero_on_complete_network_days()
    {
        await using var database = await TestDatabase.CreateAsync();
        var midnight = new DateTimeOffset(To.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        await using (var db = database.CreateDbContext())
        {
            db.Subnets.AddRange(new Subnet { Netuid = 1, FirstSeenAt = midnight, LastSeenAt = midnight }, new Subnet { Netuid = 2, FirstSeenAt = midnight, LastSeenAt = midnight });
            for (var back = 3; back >= 0; back--)
            {
                db.SubnetSnapshots.Add(new SubnetSnapshot { Netuid = 1, ObservedAt = midnight.AddDays(-back).AddHours(12), Source = SnapshotSources.Chain, TaoInEmissionRao = 40_000_000 });
            }

            // SN2 registered on To: one day of 288 TAO over a four-day window is 72 TAO a day, 26,280 a year.
            db.SubnetSnapshots.Add(new SubnetSnapshot { Netuid = 2, ObservedAt = midnight.AddHours(12), Source = SnapshotSources.Chain, TaoInEmissionRao = 40_000_000 });
            await db.SaveChangesAsync();
        }

        var options = ValuationOptions.Default with { WindowDays = 4 };
        await using var read = database.CreateDbContext();
        var alone = ValuationEngine.ComputeSubnets(await ValuationInputs.LoadAsync(read, To, To, options, netuid: 2), To, To, options).Single();

        Assert.Equal(26_280m, alone.AnnualisedTaoSideTao[0].Base);
        Assert.Equal(To, alone.RegisteredOn);
    }
}
