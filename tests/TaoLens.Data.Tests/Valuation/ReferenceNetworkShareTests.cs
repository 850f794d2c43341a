using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using TaoLens.Core.Valuation;
using TaoLens.Data.ReferenceData;
using TaoLens.Data.Valuation;
using TaoLens.Testing;
using Xunit.Abstractions;

namespace TaoLens.Data.Tests.Valuation;

/// <summary>docs/metrics.md, "Whole-network totals", pinned on the shipped reference data.</summary>
public sealed class ReferenceNetworkShareTests(DatabaseFixture fixture, ITestOutputHelper output) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task Each_subnets_share_of_the_30_day_network_subsidy_is_its_share_of_the_emission_the_snapshots_record()
    {
        await using var db = fixture.CreateDbContext();
        await new ReferenceDataLoader(db, TimeProvider.System, NullLogger<ReferenceDataLoader>.Instance).LoadAsync();
        var snapshots = await db.SubnetSnapshots.AsNoTracking().Where(s => s.TaoInEmissionRao != null)
            .Select(s => new { s.Netuid, s.ObservedAt, s.TaoInEmissionRao }).ToListAsync();
        var asOf = snapshots.Max(s => DailyRollup.UtcDay(s.ObservedAt));
        var first = asOf.AddDays(-29);

        // What the snapshots record: each subnet-day's mean TAO per block, summed over the 30 days.
        var recorded = snapshots.Where(s => DailyRollup.UtcDay(s.ObservedAt) >= first)
            .GroupBy(s => (s.Netuid, Day: DailyRollup.UtcDay(s.ObservedAt)))
            .Select(g => (g.Key.Netuid, Mean: g.Average(s => (decimal)s.TaoInEmissionRao!.Value)))
            .GroupBy(x => x.Netuid)
            .ToDictionary(g => g.Key, g => g.Sum(x => x.Mean));
        var recordedTotal = recorded.Values.Sum();

        var options = ValuationOptions.Default with { WindowDays = 30 };
        var result = ValuationEngine.Compute(await ValuationInputs.LoadAsync(db, asOf, asOf, options), asOf, asOf, options);
        var network = result.Network.AnnualisedTaoSideTao[0];

        Assert.True(network.HasValue);
        Assert.Equal(MetricNotes.None, network.Notes & MetricNotes.SomeSubnetsMissing);
        var deviations = recorded.Select(r => (r.Key, Deviation: Math.Abs(
            result.Subnet(r.Key)!.AnnualisedTaoSideTao[0].Base!.Value / network.Base!.Value - r.Value / recordedTotal))).ToList();
        var worst = deviations.MaxBy(d => d.Deviation);
        output.WriteLine($"Max share deviation: {worst.Deviation:E3} (SN{worst.Key}) over {deviations.Count} subnets.");
        Assert.True(worst.Deviation <= 0.002m, $"SN{worst.Key} deviates by {worst.Deviation}.");
        // The subnets registered inside the window are in, flagged with their first day.
        Assert.Equal(18, snapshots.Where(s => s.Netuid == 115 && DailyRollup.UtcDay(s.ObservedAt) >= first).Select(s => DailyRollup.UtcDay(s.ObservedAt)).Distinct().Count());
        Assert.Equal(asOf.AddDays(-17), result.Subnet(115)!.RegisteredOn);
        Assert.Equal(asOf.AddDays(-6), result.Subnet(118)!.RegisteredOn);
        Assert.Equal(asOf.AddDays(-6), result.Subnet(119)!.RegisteredOn);
        Assert.Contains(deviations, d => d.Key == 118);
    }
}
