using Microsoft.EntityFrameworkCore;
using TaoLens.Core.Valuation;
using TaoLens.Data;
using TaoLens.Data.Valuation;

namespace TaoLens.Web.Features.Valuation;

/// <summary>
/// The engine's figures as of the latest complete day (docs/metrics.md, "As of"), and the subnets' labels.
/// <see cref="Shorter"/> holds the same day in the shorter standard windows, longest first, when the asked window
/// is not covered yet (docs/metrics.md, "Fallback window"); <see cref="LatestTaoPrice"/> is the newest TAO quote,
/// which may be newer than the emission data.
/// </summary>
public sealed record LatestValuation(DateOnly? AsOf, ValuationOptions Options, ValuationResult? Result, IReadOnlyList<SubnetLabel> Subnets)
{
    public IReadOnlyList<ValuationResult> Shorter { get; init; } = [];

    public TaoQuote? LatestTaoPrice { get; init; }

    /// <summary>The same day in the longest shorter window that covers the network, or null when none does or none is needed.</summary>
    public LatestValuation? LongestCovered() =>
        Shorter.FirstOrDefault(r => AsOf is { } day && r.Network.AnnualisedTaoSideTao[r.Network.AnnualisedTaoSideTao.IndexOf(day)].HasValue) is { } covered
            ? new LatestValuation(AsOf, covered.Options, covered, Subnets) { LatestTaoPrice = LatestTaoPrice }
            : null;
}

/// <summary>
/// Every subnet's figures and the network's for the eight days ending on the latest complete day, so each figure of
/// <see cref="AsOf"/> can be set beside the same day a week before (<see cref="WeekAgo"/>).
/// </summary>
public sealed record WeekValuation(DateOnly? AsOf, ValuationOptions Options, ValuationResult? Result, IReadOnlyList<SubnetLabel> Subnets)
{
    public const int Days = 7;

    public DateOnly? WeekAgo => AsOf?.AddDays(-Days);
}

/// <summary>A TAO price and when it was observed.</summary>
public sealed record TaoQuote(decimal PriceUsd, DateTimeOffset ObservedAt);

/// <summary>What a page or export shows next to a subnet's figures; the name is untrusted text.</summary>
public sealed record SubnetLabel(int Netuid, string? Name, string? Symbol, bool IsReferenceData);

/// <summary>
/// Runs the valuation engine over stored data; every feature's query reads its figures through here. Each run of the
/// engine is counted on the <c>TaoLens.Valuation</c> meter (<c>taolens.valuation.computations</c>).
/// </summary>
public sealed class ValuationQuery(IDbContextFactory<TaoLensDbContext> contexts, ValuationCache cache, ValuationMetrics metrics, TimeProvider time)
{
    /// <summary>
    /// Every subnet's figures (and the network's) as of the latest day: one computation per set of options, shared by
    /// every page and endpoint (a subnet's page picks its subnet out of it). Cached until the database changes
    /// (<see cref="ValuationCache"/>).
    /// </summary>
    public async Task<LatestValuation> LatestAsync(ValuationOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var today = Today();
        var snapshot = await CacheKeyAsync(today, cancellationToken);
        return await cache.LatestAsync(snapshot, options, () => ComputeLatestAsync(options, today), cancellationToken);
    }

    /// <summary>Whether <paramref name="netuid"/> is in the subnets table: asked before any computation for one subnet.</summary>
    public async Task<bool> SubnetExistsAsync(int netuid, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Subnets.AnyAsync(s => s.Netuid == netuid, cancellationToken);
    }

    // One key for every entry, so latest valuations and series share a generation: keys that differed would drop each
    // other's entries on every switch. The latest complete day moves at midnight even when the database does not change.
    private async Task<string> CacheKeyAsync(DateOnly today, CancellationToken cancellationToken) =>
        await SnapshotAsync(cancellationToken) + "|" + ValuationParameters.Text(today);

    private async Task<string> SnapshotAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Database.SqlQueryRaw<string>("SELECT pg_current_snapshot()::text AS \"Value\"").SingleAsync(cancellationToken);
    }

    // Shared by every request waiting on it, so no one request's cancellation applies.
    private async Task<LatestValuation> ComputeLatestAsync(ValuationOptions options, DateOnly today)
    {
        metrics.Computed("latest");
        await using var db = await contexts.CreateDbContextAsync();
        var subnets = await LabelsAsync(db, CancellationToken.None);
        var quote = await db.TaoMarketSnapshots.AsNoTracking().OrderByDescending(m => m.ObservedAt).ThenBy(m => m.Source)
            .Select(m => new TaoQuote(m.PriceUsd, m.ObservedAt)).FirstOrDefaultAsync(CancellationToken.None);
        if (await LatestDayAsync(db, today, CancellationToken.None) is not { } asOf)
        {
            return new LatestValuation(null, options, null, subnets) { LatestTaoPrice = quote };
        }

        var input = await ValuationInputs.LoadAsync(db, asOf, asOf, options, null, CancellationToken.None);
        var result = ValuationEngine.Compute(input, asOf, asOf, options);
        return new LatestValuation(asOf, options, result, subnets) { LatestTaoPrice = quote, Shorter = Shorter(input, result, asOf) };
    }

    // The shorter standard windows of the same day, longest first, when the asked window does not cover the network:
    // the input already holds their days, and the engine over one day is cheap.
    private static List<ValuationResult> Shorter(ValuationInput input, ValuationResult result, DateOnly asOf)
    {
        var network = result.Network.AnnualisedTaoSideTao;
        if (network[network.IndexOf(asOf)].Reason != MissingReason.WindowIncomplete)
        {
            return [];
        }

        return [.. ValuationParameters.Windows.Where(w => w < result.Options.WindowDays).OrderDescending()
            .Select(w => ValuationEngine.Compute(input, asOf, asOf, result.Options with { WindowDays = w }))];
    }

    /// <summary>
    /// The week ending on the latest complete day, in one computation. Not cached: the digest computes it once per
    /// window for a whole sending run.
    /// </summary>
    public async Task<WeekValuation> WeekAsync(ValuationOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        metrics.Computed("week");
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var subnets = await LabelsAsync(db, cancellationToken);
        if (await LatestDayAsync(db, Today(), cancellationToken) is not { } asOf)
        {
            return new WeekValuation(null, options, null, subnets);
        }

        var from = asOf.AddDays(-WeekValuation.Days);
        var input = await ValuationInputs.LoadAsync(db, from, asOf, options, null, cancellationToken);
        return new WeekValuation(asOf, options, ValuationEngine.Compute(input, from, asOf, options), subnets);
    }

    /// <summary>The latest complete UTC day (docs/metrics.md, "As of"), or null for an empty database.</summary>
    public async Task<DateOnly?> LatestDayAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await LatestDayAsync(db, Today(), cancellationToken);
    }

    private DateOnly Today() => DailyRollup.UtcDay(time.GetUtcNow());

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

    // The latest day that has ended and has snapshots; on a first run, when only today has any, today (docs/metrics.md, "As of").
    private static async Task<DateOnly?> LatestDayAsync(TaoLensDbContext db, DateOnly today, CancellationToken cancellationToken)
    {
        var midnight = new DateTimeOffset(today.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var ended = await db.SubnetDayRows.Where(d => d.Day < midnight).MaxAsync(d => (DateTimeOffset?)d.Day, cancellationToken);
        var latest = ended ?? await db.SubnetDayRows.MaxAsync(d => (DateTimeOffset?)d.Day, cancellationToken);
        return latest is { } day ? DailyRollup.UtcDay(day) : null;
    }

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

        var snapshot = await CacheKeyAsync(Today(), cancellationToken);
        return await cache.SeriesAsync(snapshot, netuid, from, to, options, () => ComputeSeriesAsync(netuid, from, to, options, CancellationToken.None), cancellationToken);
    }

    /// <summary>
    /// One subnet's series as <see cref="SubnetSeriesAsync"/>, or <c>Known = false</c>, computing nothing, for a netuid
    /// that is not in the subnets table. With the series cache on, both come from one snapshot and the netuid set is read
    /// once per snapshot, so a cached series costs one round trip instead of two.
    /// </summary>
    public async Task<(bool Known, SubnetValuationSeries? Series)> KnownSubnetSeriesAsync(int netuid, DateOnly from, DateOnly to, ValuationOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!cache.CachesSeries)
        {
            return await SubnetExistsAsync(netuid, cancellationToken) ? (true, await ComputeSeriesAsync(netuid, from, to, options, cancellationToken)) : (false, null);
        }

        var snapshot = await CacheKeyAsync(Today(), cancellationToken);
        if (!(await cache.NetuidsAsync(snapshot, LoadNetuidsAsync, cancellationToken)).Contains(netuid))
        {
            return (false, null);
        }

        return (true, await cache.SeriesAsync(snapshot, netuid, from, to, options, () => ComputeSeriesAsync(netuid, from, to, options, CancellationToken.None), cancellationToken));
    }

    // Shared by every request waiting on it, so no one request's cancellation applies.
    private async Task<IReadOnlySet<int>> LoadNetuidsAsync()
    {
        await using var db = await contexts.CreateDbContextAsync();
        return (await db.Subnets.AsNoTracking().Select(s => s.Netuid).ToListAsync()).ToHashSet();
    }

    private async Task<SubnetValuationSeries?> ComputeSeriesAsync(int netuid, DateOnly from, DateOnly to, ValuationOptions options, CancellationToken cancellationToken)
    {
        metrics.Computed("series");
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var input = await ValuationInputs.LoadAsync(db, from, to, options, netuid, cancellationToken);
        return ValuationEngine.ComputeSubnets(input, from, to, options).SingleOrDefault(s => s.Netuid == netuid);
    }
}
