using Microsoft.EntityFrameworkCore;
using TaoLens.Core.Valuation;
using TaoLens.Data;
using TaoLens.Data.Valuation;

namespace TaoLens.Web.Features.Overview;

/// <summary>One subnet on the emission leaderboard: figures from the valuation engine, each a value or a reason.</summary>
public sealed record EmissionRow(int Netuid, string? Name, string? Symbol, bool IsReferenceData, Metric TaoPerDay, Metric UsdPerYear);

/// <summary>The leaderboard as of the latest day with snapshots, and what it was computed from.</summary>
public sealed record EmissionLeaderboardView(DateOnly? AsOf, int WindowDays, IReadOnlyList<EmissionRow> Rows);

/// <summary>
/// Every subnet's TAO-side subsidy as of the latest day in the database: TAO per day (that day's rollup) and USD per
/// year (the trailing window, annualised). The numbers come from <see cref="ValuationEngine"/>; this class only reads.
/// </summary>
public sealed class EmissionLeaderboard(IDbContextFactory<TaoLensDbContext> contexts)
{
    public async Task<EmissionLeaderboardView> LoadAsync(CancellationToken cancellationToken = default)
    {
        var options = new ValuationOptions();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var subnets = await db.Subnets.AsNoTracking().OrderBy(s => s.Netuid)
            .Select(s => new { s.Netuid, s.Name, s.Symbol, s.IsReferenceData })
            .ToListAsync(cancellationToken);
        var latest = await db.SubnetSnapshots.MaxAsync(s => (DateTimeOffset?)s.ObservedAt, cancellationToken);
        if (latest is null)
        {
            return new EmissionLeaderboardView(null, options.WindowDays,
                [.. subnets.Select(s => new EmissionRow(s.Netuid, s.Name, s.Symbol, s.IsReferenceData, Metric.Missing(MissingReason.NoSnapshot), Metric.Missing(MissingReason.NoSnapshot)))]);
        }

        var asOf = DailyRollup.UtcDay(latest.Value);
        var input = await ValuationInputs.LoadAsync(db, asOf, asOf, options, cancellationToken);
        var result = ValuationEngine.Compute(input, asOf, asOf, options);
        var rows = subnets
            .Select(s =>
            {
                var series = result.Subnets.FirstOrDefault(v => v.Netuid == s.Netuid);
                return new EmissionRow(s.Netuid, s.Name, s.Symbol, s.IsReferenceData,
                    series?.TaoSideTaoPerDay.At(asOf) ?? Metric.Missing(MissingReason.NoSnapshot),
                    series?.TaoSide.AnnualisedUsd.At(asOf) ?? Metric.Missing(MissingReason.NoSnapshot));
            })
            .OrderByDescending(r => r.TaoPerDay.HasValue)
            .ThenByDescending(r => r.TaoPerDay.Base)
            .ThenBy(r => r.Netuid)
            .ToList();
        return new EmissionLeaderboardView(asOf, options.WindowDays, rows);
    }
}
