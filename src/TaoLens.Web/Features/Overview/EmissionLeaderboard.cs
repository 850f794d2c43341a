using Microsoft.EntityFrameworkCore;
using TaoLens.Core.Chain;
using TaoLens.Data;
using TaoLens.Data.Snapshots;

namespace TaoLens.Web.Features.Overview;

/// <summary>One subnet's latest TAO emission, per day and in USD per year; a missing figure carries its reason.</summary>
public sealed record EmissionRow(
    int Netuid,
    string? Name,
    string? Symbol,
    DateTimeOffset? ObservedAt,
    string? Source,
    decimal? TaoPerDay,
    decimal? TaoPriceUsd,
    decimal? UsdPerYear,
    string? MissingReason)
{
    public bool IsReferenceData => Source == SnapshotSources.Reference;
}

/// <summary>Reads every subnet's latest emission snapshot and the TAO price of that snapshot's day.</summary>
public sealed class EmissionLeaderboard(IDbContextFactory<TaoLensDbContext> contexts)
{
    public async Task<IReadOnlyList<EmissionRow>> LoadAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var latest = await db.Subnets
            .AsNoTracking()
            .Select(subnet => new
            {
                subnet.Netuid,
                subnet.Name,
                subnet.Symbol,
                Snapshot = db.SubnetSnapshots
                    .Where(s => s.Netuid == subnet.Netuid && s.TaoInEmissionRao != null)
                    .OrderByDescending(s => s.ObservedAt)
                    .Select(s => new { s.ObservedAt, s.Source, s.TaoInEmissionRao, s.ExcessTaoRao })
                    .FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);

        var days = latest.Where(x => x.Snapshot is not null).Select(x => x.Snapshot!.ObservedAt.UtcDateTime.Date).Distinct().ToList();
        var prices = await DailyPricesAsync(db, days, cancellationToken);

        return latest
            .Select(x =>
            {
                if (x.Snapshot is null)
                {
                    return new EmissionRow(x.Netuid, x.Name, x.Symbol, null, null, null, null, null, "no emission snapshot");
                }

                var taoPerDay = ChainUnits.TaoPerDay(x.Snapshot.TaoInEmissionRao!.Value + (x.Snapshot.ExcessTaoRao ?? 0));
                var day = x.Snapshot.ObservedAt.UtcDateTime.Date;
                return prices.TryGetValue(day, out var price)
                    ? new EmissionRow(x.Netuid, x.Name, x.Symbol, x.Snapshot.ObservedAt, x.Snapshot.Source, taoPerDay, price, taoPerDay * ChainUnits.DaysPerYear * price, null)
                    : new EmissionRow(x.Netuid, x.Name, x.Symbol, x.Snapshot.ObservedAt, x.Snapshot.Source, taoPerDay, null, null, $"no TAO price for {day:yyyy-MM-dd}");
            })
            .OrderByDescending(r => r.TaoPerDay.HasValue)
            .ThenByDescending(r => r.TaoPerDay)
            .ThenBy(r => r.Netuid)
            .ToList();
    }

    // The last market snapshot of each UTC day: the same-day price rule of docs/metrics.md.
    private static async Task<Dictionary<DateTime, decimal>> DailyPricesAsync(TaoLensDbContext db, List<DateTime> days, CancellationToken cancellationToken)
    {
        if (days.Count == 0)
        {
            return [];
        }

        var from = new DateTimeOffset(days.Min(), TimeSpan.Zero);
        var to = new DateTimeOffset(days.Max().AddDays(1), TimeSpan.Zero);
        var snapshots = await db.TaoMarketSnapshots
            .AsNoTracking()
            .Where(m => m.ObservedAt >= from && m.ObservedAt < to)
            .OrderBy(m => m.ObservedAt)
            .Select(m => new { m.ObservedAt, m.PriceUsd })
            .ToListAsync(cancellationToken);
        return snapshots
            .GroupBy(m => m.ObservedAt.UtcDateTime.Date)
            .ToDictionary(g => g.Key, g => g.Last().PriceUsd);
    }
}
