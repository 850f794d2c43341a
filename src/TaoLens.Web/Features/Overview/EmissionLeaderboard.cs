using TaoLens.Core.Valuation;
using TaoLens.Web.Features.Valuation;

namespace TaoLens.Web.Features.Overview;

/// <summary>One subnet on the emission leaderboard: figures from the valuation engine, each a value or a reason.</summary>
public sealed record EmissionRow(int Netuid, string? Name, string? Symbol, bool IsReferenceData, Metric TaoPerDay, Metric UsdPerYear);

/// <summary>The leaderboard as of the latest day with snapshots.</summary>
public sealed record EmissionLeaderboardView(DateOnly? AsOf, int WindowDays, IReadOnlyList<EmissionRow> Rows);

/// <summary>
/// Every subnet's TAO-side subsidy as of the latest day in the database: TAO per day (that day's rollup) and USD per
/// year (the trailing window, annualised), sorted by TAO per day.
/// </summary>
public sealed class EmissionLeaderboard(ValuationQuery query)
{
    public async Task<EmissionLeaderboardView> LoadAsync(CancellationToken cancellationToken = default)
    {
        var latest = await query.LatestAsync(new ValuationOptions(), cancellationToken);
        var rows = latest.Subnets
            .Select(s =>
            {
                var series = latest.Result?.Subnet(s.Netuid);
                return latest.AsOf is { } asOf && series is not null
                    ? new EmissionRow(s.Netuid, s.Name, s.Symbol, s.IsReferenceData, series.TaoSideTaoPerDay.At(asOf), series.TaoSide.AnnualisedUsd.At(asOf))
                    : new EmissionRow(s.Netuid, s.Name, s.Symbol, s.IsReferenceData, Metric.Missing(MissingReason.NoSnapshot), Metric.Missing(MissingReason.NoSnapshot));
            })
            .OrderByDescending(r => r.TaoPerDay.HasValue)
            .ThenByDescending(r => r.TaoPerDay.Base)
            .ThenBy(r => r.Netuid)
            .ToList();
        return new EmissionLeaderboardView(latest.AsOf, latest.Options.WindowDays, rows);
    }
}
