using Microsoft.EntityFrameworkCore;
using TaoLens.Core.Valuation;

namespace TaoLens.Data.Valuation;

/// <summary>
/// Reads what the valuation engine needs for [from, to] — snapshots and market rows from the first day the
/// trailing window reads, the whole revenue ledger, the daily revenue feeds — and rolls snapshots up by day.
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

        var snapshots = await db.SubnetSnapshots.AsNoTracking()
            .Where(s => s.ObservedAt >= start && s.ObservedAt < end && (netuid == null || s.Netuid == netuid))
            .Select(s => new SubnetSnapshotInput(s.Netuid, s.ObservedAt, s.Source)
            {
                TaoInEmissionRao = s.TaoInEmissionRao,
                ExcessTaoRao = s.ExcessTaoRao,
                AlphaOutEmissionRao = s.AlphaOutEmissionRao,
                AlphaInEmissionRao = s.AlphaInEmissionRao,
                AlphaInPoolRao = s.AlphaInPoolRao,
                AlphaOutstandingRao = s.AlphaOutstandingRao,
                TaoInPoolRao = s.TaoInPoolRao,
                AlphaPriceTao = s.AlphaPriceTao,
                MovingPriceTao = s.MovingPriceTao,
            })
            .ToListAsync(cancellationToken);
        var market = await db.TaoMarketSnapshots.AsNoTracking()
            .Where(m => m.ObservedAt >= start && m.ObservedAt < end)
            .Select(m => new TaoMarketSnapshotInput(m.ObservedAt, m.Source, m.PriceUsd)
            {
                MarketCapUsd = m.MarketCapUsd,
                CirculatingSupply = m.CirculatingSupply,
                TotalSupply = m.TotalSupply,
                MaxSupply = m.MaxSupply,
                FullyDilutedValuationUsd = m.FullyDilutedValuationUsd,
                Volume24hUsd = m.Volume24hUsd,
            })
            .ToListAsync(cancellationToken);
        var ledger = await db.RevenueEntries.AsNoTracking().Where(e => netuid == null || e.Netuid == null || e.Netuid == netuid).ToListAsync(cancellationToken);
        var daily = await db.DailyRevenues.AsNoTracking()
            .Where(r => r.Day >= start && r.Day < end && (netuid == null || r.Netuid == netuid))
            .ToListAsync(cancellationToken);

        return new ValuationInput
        {
            SubnetDays = DailyRollup.Subnets(snapshots),
            MarketDays = DailyRollup.Market(market),
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
