using Microsoft.EntityFrameworkCore;
using TaoLens.Core.Valuation;
using TaoLens.Data;
using TaoLens.Data.Revenue;
using TaoLens.Web.Features.Valuation;

namespace TaoLens.Web.Features.Subnets;

/// <summary>
/// One revenue ledger entry with its provenance. <paramref name="CoversNetuids"/> lists the subnets of a group claim
/// (null for a claim about one subnet or the network). <paramref name="CorrectedById"/> names the entry that restated
/// this one, and <paramref name="Disputed"/> says an editor disputes it without saying to use it anyway: either way it
/// does not count (docs/metrics.md, "Revenue ledger").
/// </summary>
public sealed record RevenueEntryView(
    long Id, string Kind, DateTimeOffset? PeriodStart, DateTimeOffset? PeriodEnd, DateTimeOffset? AsOf,
    decimal? AmountUsd, decimal? LowUsd, decimal? HighUsd, string? ExternalComponents,
    string SourceName, string? SourceUrl, string SourceKind, DateTimeOffset? PublishedAt, string? Note,
    long? CorrectsId, bool IsReferenceData, IReadOnlyList<int>? CoversNetuids = null, long? CorrectedById = null, bool Disputed = false);

/// <summary>
/// One subnet's headline as of the latest day and the ledger entries behind its revenue, newest first.
/// <see cref="GroupClaims"/> are claims about a group of subnets that includes this one: shown beside it, never
/// counted as its own revenue (docs/metrics.md, "Group claims").
/// </summary>
public sealed record SubnetDetail(SubnetRow Headline, DateOnly? AsOf, IReadOnlyList<RevenueEntryView> RevenueEntries)
{
    public IReadOnlyList<RevenueEntryView> GroupClaims { get; init; } = [];
}

/// <summary>
/// What the subnet page shows: the detail, and the row it headlines, which is the longest covered window's when the
/// asked window is not covered yet (<see cref="WindowLabel"/> then says so; docs/metrics.md, "Fallback window").
/// </summary>
public sealed record SubnetPageView(SubnetDetail Detail, SubnetRow Shown, int WindowDays, string? WindowLabel);

/// <summary>One subnet's page and <c>GET /subnets/{netuid}</c>.</summary>
public sealed class SubnetDetailQuery(ValuationQuery valuation, IDbContextFactory<TaoLensDbContext> contexts)
{
    /// <summary>
    /// The subnet's headline (subsidy on <paramref name="side"/>, strict window with its fallback beside it) and its
    /// ledger entries; null for a netuid that is not in the subnets table, answered before anything is computed.
    /// </summary>
    public async Task<SubnetDetail?> LoadAsync(int netuid, int windowDays, SubsidySide side, CancellationToken cancellationToken = default) =>
        (await LoadWithValuationAsync(netuid, windowDays, side, cancellationToken))?.Detail;

    /// <summary>The page's view: as <see cref="LoadAsync"/>, headlining the longest covered window when the asked one is not covered.</summary>
    public async Task<SubnetPageView?> LoadPageAsync(int netuid, int windowDays, SubsidySide side, CancellationToken cancellationToken = default)
    {
        if (await LoadWithValuationAsync(netuid, windowDays, side, cancellationToken) is not { } loaded)
        {
            return null;
        }

        var (detail, latest, label) = loaded;
        return latest.LongestCovered() is { } covered
            ? new SubnetPageView(detail, SubnetRow.From(covered, label, side), covered.Options.WindowDays,
                WindowFallback.Describe(covered.Options.WindowDays, latest.Options.WindowDays, latest.Options.RequiredDaysInWindow))
            : new SubnetPageView(detail, detail.Headline, latest.Options.WindowDays, null);
    }

    private async Task<(SubnetDetail Detail, LatestValuation Latest, SubnetLabel Label)?> LoadWithValuationAsync(
        int netuid, int windowDays, SubsidySide side, CancellationToken cancellationToken)
    {
        if (!await valuation.SubnetExistsAsync(netuid, cancellationToken))
        {
            return null;
        }

        var latest = await valuation.LatestAsync(new ValuationOptions { WindowDays = windowDays }, cancellationToken);
        // Absent only if the subnet was deleted since: then it is unknown.
        if (latest.Subnets.FirstOrDefault(s => s.Netuid == netuid) is not { } label)
        {
            return null;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // The subnet's own entries and the group claims naming it (netuid = ANY(covers_netuids)) in one round trip; the
        // store's check keeps them apart: an entry with a netuid has no covered list.
        var rows = await Views(db.RevenueEntries.AsNoTracking()
            .Where(e => e.Netuid == netuid || (e.CoversNetuids != null && e.CoversNetuids.Contains(netuid)))).ToListAsync(cancellationToken);
        var entries = rows.Where(e => e.CoversNetuids is null).ToList();
        var groupClaims = rows.Where(e => e.CoversNetuids is not null).ToList();
        return (new SubnetDetail(SubnetRow.From(latest, label, side), latest.AsOf, entries) { GroupClaims = groupClaims }, latest, label);
    }

    private static IQueryable<RevenueEntryView> Views(IQueryable<RevenueEntry> entries) =>
        entries.OrderByDescending(e => e.AsOf ?? e.PeriodEnd).ThenBy(e => e.Id)
            .Select(e => new RevenueEntryView(e.Id, e.Kind.ToString(), e.PeriodStart, e.PeriodEnd, e.AsOf, e.AmountUsd, e.LowUsd, e.HighUsd, e.ExternalComponents,
                e.SourceName, e.SourceUrl, e.SourceKind.ToString(), e.PublishedAt, e.Note, e.CorrectsId, e.IsReferenceData, e.CoversNetuids,
                entries.Where(c => c.CorrectsId == e.Id).Select(c => (long?)c.Id).FirstOrDefault(), e.DisputedAt != null && e.UseAnywayAt == null));

    /// <summary>The first day the subnet has data, where its charts start by default.</summary>
    public Task<DateOnly?> FirstDayAsync(int netuid, CancellationToken cancellationToken = default) => valuation.FirstDayAsync([netuid], cancellationToken);
}
