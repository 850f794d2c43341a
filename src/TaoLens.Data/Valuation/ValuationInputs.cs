using Microsoft.EntityFrameworkCore;
using TaoLens.Core.Valuation;
using TaoLens.Data.Revenue;
using TaoLens.Data.Snapshots;

namespace TaoLens.Data.Valuation;

/// <summary>
/// Reads what the valuation engine needs for [from, to] — the daily rollups of snapshots and market rows from the
/// first day the trailing window reads, the whole revenue ledger, the daily revenue feeds.
/// The one place stored rows become engine inputs.
/// </summary>
public static class ValuationInputs
{
    /// <summary>All subnets, or only <paramref name="netuid"/> (with the network-wide ledger claims) when given.</summary>
    public static async Task<ValuationInput> LoadAsync(TaoLensDbContext db, DateOnly from, DateOnly to, ValuationOptions options, int? netuid = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(options);

        var start = Midnight(ValuationEngine.FirstInputDay(from, options));
        var end = Midnight(to.AddDays(1));

        // One connection for the four reads: every open and close through the pool costs the server a session reset.
        await db.Database.OpenConnectionAsync(cancellationToken);
        List<SubnetDayRollup> subnetDays;
        List<MarketDayRollup> marketDays;
        List<RevenueEntry> ledger;
        List<DailyRevenue> daily;
        try
        {
            // Daily rollups the database keeps as snapshots arrive: a year of 10-minute snapshots is 144 times as many rows.
            subnetDays = await db.SubnetDays.AsNoTracking()
                .Where(d => d.Day >= start && d.Day < end && (netuid == null || d.Netuid == netuid))
                .OrderBy(d => d.Netuid).ThenBy(d => d.Day)
                .ToListAsync(cancellationToken);
            marketDays = await db.MarketDays.AsNoTracking()
                .Where(d => d.Day >= start && d.Day < end)
                .OrderBy(d => d.Day)
                .ToListAsync(cancellationToken);
            ledger = await db.RevenueEntries.AsNoTracking().Where(e => netuid == null || e.Netuid == null || e.Netuid == netuid).ToListAsync(cancellationToken);
            daily = await db.DailyRevenues.AsNoTracking()
                .Where(r => r.Day >= start && r.Day < end && (netuid == null || r.Netuid == netuid))
                .ToListAsync(cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        return new ValuationInput
        {
            SubnetDays = [.. subnetDays.Select(d => new SubnetDay(d.Netuid, DailyRollup.UtcDay(d.Day))
            {
                TaoInEmissionRao = DailyRollup.Mean(d.TaoInEmissionSum, d.TaoInEmissionCount),
                ExcessTaoRao = DailyRollup.Mean(d.ExcessTaoSum, d.ExcessTaoCount),
                AlphaOutEmissionRao = DailyRollup.Mean(d.AlphaOutEmissionSum, d.AlphaOutEmissionCount),
                AlphaInEmissionRao = DailyRollup.Mean(d.AlphaInEmissionSum, d.AlphaInEmissionCount),
                AlphaInPoolRao = d.AlphaInPoolRao,
                AlphaOutstandingRao = d.AlphaOutstandingRao,
                TaoInPoolRao = d.TaoInPoolRao,
                AlphaPriceTao = d.AlphaPriceTao,
                MovingPriceTao = d.MovingPriceTao,
                SnapshotCount = d.SnapshotCount,
            })],
            MarketDays = [.. marketDays.Select(d => new MarketDay(DailyRollup.UtcDay(d.Day))
            {
                PriceUsd = d.PriceUsd,
                MarketCapUsd = d.MarketCapUsd,
                CirculatingSupply = d.CirculatingSupply,
                TotalSupply = d.TotalSupply,
                MaxSupply = d.MaxSupply,
                FullyDilutedValuationUsd = d.FullyDilutedValuationUsd,
                Volume24hUsd = d.Volume24hUsd,
            })],
            // The storage and engine enums list the same members in the same order (pinned by a test).
            RevenueEntries = [.. ledger.Select(e => new RevenueEntryInput(e.Id, e.Netuid, (RevenueEntryKind)e.Kind, (RevenueSourceType)e.SourceKind)
            {
                PeriodStart = e.PeriodStart,
                PeriodEnd = e.PeriodEnd,
                AsOf = e.AsOf,
                AmountUsd = e.AmountUsd,
                LowUsd = e.LowUsd,
                HighUsd = e.HighUsd,
                PublishedAt = e.PublishedAt,
                CorrectsId = e.CorrectsId,
            })],
            DailyRevenue = [.. daily.Select(r => new DailyRevenueInput(r.Netuid, DailyRollup.UtcDay(r.Day), r.Component, r.AmountUsd, r.CountsAsExternal))],
        };
    }

    private static DateTimeOffset Midnight(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
}
