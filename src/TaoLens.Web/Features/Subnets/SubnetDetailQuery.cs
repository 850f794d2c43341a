using Microsoft.EntityFrameworkCore;
using TaoLens.Core.Valuation;
using TaoLens.Data;
using TaoLens.Web.Features.Valuation;

namespace TaoLens.Web.Features.Subnets;

/// <summary>One revenue ledger entry with its provenance.</summary>
public sealed record RevenueEntryView(
    long Id, string Kind, DateTimeOffset? PeriodStart, DateTimeOffset? PeriodEnd, DateTimeOffset? AsOf,
    decimal? AmountUsd, decimal? LowUsd, decimal? HighUsd, string? ExternalComponents,
    string SourceName, string? SourceUrl, string SourceKind, DateTimeOffset? PublishedAt, string? Note,
    long? CorrectsId, bool IsReferenceData);

/// <summary>One subnet's headline as of the latest day and the ledger entries behind its revenue, newest first.</summary>
public sealed record SubnetDetail(SubnetRow Headline, DateOnly? AsOf, IReadOnlyList<RevenueEntryView> RevenueEntries);

/// <summary>One subnet's page and <c>GET /subnets/{netuid}</c>.</summary>
public sealed class SubnetDetailQuery(ValuationQuery valuation, IDbContextFactory<TaoLensDbContext> contexts)
{
    /// <summary>
    /// The subnet's headline (subsidy on <paramref name="side"/>) and its ledger entries; null for a netuid that is not in
    /// the subnets table, answered before anything is computed.
    /// </summary>
    public async Task<SubnetDetail?> LoadAsync(int netuid, int windowDays, SubsidySide side, CancellationToken cancellationToken = default)
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
        var entries = await db.RevenueEntries.AsNoTracking().Where(e => e.Netuid == netuid).OrderByDescending(e => e.AsOf ?? e.PeriodEnd).ThenBy(e => e.Id)
            .Select(e => new RevenueEntryView(e.Id, e.Kind.ToString(), e.PeriodStart, e.PeriodEnd, e.AsOf, e.AmountUsd, e.LowUsd, e.HighUsd, e.ExternalComponents,
                e.SourceName, e.SourceUrl, e.SourceKind.ToString(), e.PublishedAt, e.Note, e.CorrectsId, e.IsReferenceData))
            .ToListAsync(cancellationToken);
        return new SubnetDetail(SubnetRow.From(latest, label, side), latest.AsOf, entries);
    }

    /// <summary>The first day the subnet has data, where its charts start by default.</summary>
    public Task<DateOnly?> FirstDayAsync(int netuid, CancellationToken cancellationToken = default) => valuation.FirstDayAsync([netuid], cancellationToken);
}
