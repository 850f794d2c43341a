using Microsoft.EntityFrameworkCore;
using TaoLens.Core.Valuation;
using TaoLens.Data;
using TaoLens.Data.Valuation;

namespace TaoLens.Web.Features.Valuation;

/// <summary>The engine's figures as of the latest day the database has snapshots for, and the subnets' labels.</summary>
public sealed record LatestValuation(DateOnly? AsOf, ValuationOptions Options, ValuationResult? Result, IReadOnlyList<SubnetLabel> Subnets);

/// <summary>What a page or export shows next to a subnet's figures; the name is untrusted text.</summary>
public sealed record SubnetLabel(int Netuid, string? Name, string? Symbol, bool IsReferenceData);

/// <summary>
/// Runs the valuation engine over stored data; every feature's query reads its figures through here. Each run of the
/// engine is counted on the <c>TaoLens.Valuation</c> meter (<c>taolens.valuation.computations</c>).
/// </summary>
public sealed class ValuationQuery(IDbContextFactory<TaoLensDbContext> contexts, ValuationCache cache, ValuationMetrics metrics)
{
    /// <summary>
    /// Every subnet's figures (and the network's) as of the latest day: one computation per set of options, shared by
    /// every page and endpoint (a subnet's page picks its subnet out of it). Cached until the database changes
    /// (<see cref="ValuationCache"/>).
    /// </summary>
    public async Task<LatestValuation> LatestAsync(ValuationOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var snapshot = await SnapshotAsync(cancellationToken);
        return await cache.LatestAsync(snapshot, options, () => ComputeLatestAsync(options), cancellationToken);
    }

    /// <summary>Whether <paramref name="netuid"/> is in the subnets table: asked before any computation for one subnet.</summary>
    public async Task<bool> SubnetExistsAsync(int netuid, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Subnets.AnyAsync(s => s.Netuid == netuid, cancellationToken);
    }

    private async Task<string> SnapshotAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Database.SqlQueryRaw<string>("SELECT pg_current_snapshot()::text AS \"Value\"").SingleAsync(cancellationToken);
    }

    // Shared by every request waiting on it, so no one request's cancellation applies.
    private async Task<LatestValuation> ComputeLatestAsync(ValuationOptions options)
    {
        metrics.Computed("latest");
        await using var db = await contexts.CreateDbContextAsync();
        var subnets = await LabelsAsync(db, CancellationToken.None);
        if (await LatestDayAsync(db, CancellationToken.None) is not { } asOf)
        {
            return new LatestValuation(null, options, null, subnets);
        }

        var input = await ValuationInputs.LoadAsync(db, asOf, asOf, options, null, CancellationToken.None);
        return new LatestValuation(asOf, options, ValuationEngine.Compute(input, asOf, asOf, options), subnets);
    }

    /// <summary>The latest UTC day with any snapshot, or null for an empty database.</summary>
    public async Task<DateOnly?> LatestDayAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await LatestDayAsync(db, cancellationToken);
    }

    /// <summary>The first UTC day any of <paramref name="netuids"/> has a snapshot, or null when none has.</summary>
    public async Task<DateOnly?> FirstDayAsync(IReadOnlyCollection<int> netuids, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.SubnetDayRows.Where(d => netuids.Contains(d.Netuid)).MinAsync(d => (DateTimeOffset?)d.Day, cancellationToken) is { } day
            ? DailyRollup.UtcDay(day)
            : null;
    }

    public async Task<IReadOnlyList<SubnetLabel>> SubnetLabelsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await LabelsAsync(db, cancellationToken);
    }

    private static async Task<DateOnly?> LatestDayAsync(TaoLensDbContext db, CancellationToken cancellationToken) =>
        await db.SubnetDayRows.MaxAsync(d => (DateTimeOffset?)d.Day, cancellationToken) is { } day ? DailyRollup.UtcDay(day) : null;

    private static async Task<List<SubnetLabel>> LabelsAsync(TaoLensDbContext db, CancellationToken cancellationToken) =>
        await db.Subnets.AsNoTracking().OrderBy(s => s.Netuid)
            .Select(s => new SubnetLabel(s.Netuid, s.Name, s.Symbol, s.IsReferenceData))
            .ToListAsync(cancellationToken);

    /// <summary>
    /// One subnet's figures for every day in [from, to]; null when the subnet has no data at all in the range.
    /// Cached until the database changes, within <see cref="ValuationCacheOptions.SeriesCacheDays"/>.
    /// </summary>
    public async Task<SubnetValuationSeries?> SubnetSeriesAsync(int netuid, DateOnly from, DateOnly to, ValuationOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!cache.CachesSeries)
        {
            return await ComputeSeriesAsync(netuid, from, to, options, cancellationToken);
        }

        var snapshot = await SnapshotAsync(cancellationToken);
        return await cache.SeriesAsync(snapshot, netuid, from, to, options, () => ComputeSeriesAsync(netuid, from, to, options, CancellationToken.None), cancellationToken);
    }

    private async Task<SubnetValuationSeries?> ComputeSeriesAsync(int netuid, DateOnly from, DateOnly to, ValuationOptions options, CancellationToken cancellationToken)
    {
        metrics.Computed("series");
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var input = await ValuationInputs.LoadAsync(db, from, to, options, netuid, cancellationToken);
        return ValuationEngine.ComputeSubnets(input, from, to, options).SingleOrDefault(s => s.Netuid == netuid);
    }
}
