using Microsoft.EntityFrameworkCore;
using TaoLens.Core.Valuation;
using TaoLens.Data;

namespace TaoLens.Web.Features.Overview;

/// <summary>The first and last UTC day with emission data.</summary>
public sealed record DataWindow(DateOnly First, DateOnly Last);

/// <summary>
/// Whether any revenue figure can reach the data's days: a subnet or network claim dated within them (a run-rate's
/// as-of, or a realised period overlapping them) or a daily revenue feed row on one of them. Group claims never
/// give a multiple, so they do not count. When none does, every multiple is n/a for the same reason, and the
/// overview says so once (docs/metrics.md, "External revenue, annualised").
/// </summary>
public sealed class RevenueWindowQuery(IDbContextFactory<TaoLensDbContext> contexts)
{
    /// <summary>The data's window when no revenue figure is dated within it; null when one is, or when there is no data.</summary>
    public async Task<DataWindow?> WindowWithoutRevenueAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // Every overview request asks this: the data's span in one round trip, not one for each end.
        var span = await db.SubnetDayRows.Where(d => d.TaoInEmissionCount > 0).GroupBy(_ => 1)
            .Select(g => new { First = g.Min(d => d.Day), Last = g.Max(d => d.Day) })
            .FirstOrDefaultAsync(cancellationToken);
        if (span is null)
        {
            return null;
        }

        var start = span.First;
        var end = span.Last.AddDays(1);
        var claim = await db.RevenueEntries.AnyAsync(e => (e.Netuid != null || e.CoversNetuids == null)
            && ((e.Kind == RevenueEntryKind.RunRate && e.AsOf >= start && e.AsOf < end)
                || (e.Kind == RevenueEntryKind.Realised && e.PeriodStart < end && e.PeriodEnd > start)), cancellationToken);
        var feed = await db.DailyRevenues.AnyAsync(r => r.Day >= start && r.Day < end, cancellationToken);
        return claim || feed ? null : new DataWindow(DailyRollup.UtcDay(start), DailyRollup.UtcDay(end.AddDays(-1)));
    }
}
