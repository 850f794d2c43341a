using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TaoLens.Core.Claims;
using TaoLens.Core.Valuation;
using TaoLens.Data;
using TaoLens.Data.Valuation;
using TaoLens.Web.Features.Valuation;

namespace TaoLens.Web.Features.Claims;

/// <summary>
/// One published claim beside TaoLens's measurement of the same figure (docs/metrics.md, "Claims check").
/// <see cref="Source"/> says where the record lives: <c>revenue</c> (a ledger entry, <see cref="RecordId"/> its id) or
/// <c>figure</c> (a claim other than revenue). The claimed figure is in <see cref="Unit"/>; a range-only claim has no base.
/// Text fields are untrusted (as entered or loaded) and are encoded wherever they are shown.
/// </summary>
public sealed record ClaimRow(
    string Source,
    long RecordId,
    int? Netuid,
    IReadOnlyList<int>? CoversNetuids,
    string Subject,
    string Quantity,
    string Unit,
    DateOnly From,
    DateOnly To,
    decimal? ClaimedLow,
    decimal? ClaimedBase,
    decimal? ClaimedHigh,
    string SourceName,
    string? SourceUrl,
    string SourceKind,
    DateTimeOffset? PublishedAt,
    string? Quote,
    string? Note,
    bool IsReferenceData,
    DateOnly? MeasuredOn,
    int? GapDays,
    Figure Measured,
    Figure Ratio,
    string Verdict,
    string VerdictText)
{
    /// <summary>The verdict's factor (e.g. 2.1 in "2.1× more"); null when consistent or not measured.</summary>
    public decimal? Factor { get; init; }
}

/// <summary>The claims list: every current revenue entry (corrected ones left out) and every other claim, each checked.</summary>
public sealed class ClaimsQuery(IDbContextFactory<TaoLensDbContext> contexts)
{
    /// <summary>
    /// Every claim, or those about <paramref name="netuid"/> (its own and the group claims naming it), each with the
    /// engine's measurement. Network claims first, then by netuid, group claims last; within a subject by quantity and date.
    /// </summary>
    public async Task<IReadOnlyList<ClaimRow>> ListAsync(int? netuid = null, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var claims = await LoadClaimsAsync(db, netuid, cancellationToken);
        if (claims.Count == 0)
        {
            return [];
        }

        var results = await ComputeAsync(db, claims.Where(c => !c.Input.IsGroupClaim).Select(c => c.Input), netuid, cancellationToken);
        return [.. claims
            .Select(c => Row(c, ClaimsCheck.Check(c.Input, results.FirstOrDefault(r => Covers(r, c.Input)))))
            .OrderBy(r => r.Netuid is null && r.CoversNetuids is null ? 0 : r.Netuid is not null ? 1 : 2)
            .ThenBy(r => r.Netuid)
            .ThenBy(r => r.Subject, StringComparer.Ordinal)
            .ThenBy(r => Enum.Parse<ClaimQuantity>(r.Quantity, ignoreCase: true))
            .ThenBy(r => r.From)
            .ThenBy(r => r.RecordId)];
    }

    private sealed record Loaded(string Source, long Id, ClaimInput Input, string Subject, string SourceName, string? SourceUrl, string SourceKind,
        DateTimeOffset? PublishedAt, string? Quote, string? Note, bool IsReferenceData);

    private static async Task<List<Loaded>> LoadClaimsAsync(TaoLensDbContext db, int? netuid, CancellationToken cancellationToken)
    {
        var entries = await db.RevenueEntries.AsNoTracking()
            .Where(e => netuid == null || e.Netuid == netuid || (e.CoversNetuids != null && e.CoversNetuids.Contains(netuid.Value)))
            .ToListAsync(cancellationToken);
        // A corrected entry is history, not a claim standing today: the correction replaces it (docs/metrics.md, "External revenue").
        var corrected = (await db.RevenueEntries.AsNoTracking().Where(e => e.CorrectsId != null).Select(e => e.CorrectsId!.Value).ToListAsync(cancellationToken)).ToHashSet();
        var figures = await db.FigureClaims.AsNoTracking().Where(c => netuid == null || c.Netuid == netuid).ToListAsync(cancellationToken);

        var loaded = new List<Loaded>(entries.Count + figures.Count);
        foreach (var e in entries.Where(e => !corrected.Contains(e.Id)))
        {
            var input = new RevenueEntryInput(e.Id, e.Netuid, e.Kind, e.SourceKind)
            {
                PeriodStart = e.PeriodStart, PeriodEnd = e.PeriodEnd, AsOf = e.AsOf, AmountUsd = e.AmountUsd, LowUsd = e.LowUsd, HighUsd = e.HighUsd,
            };
            // The claimed figure per year, as the engine reads the entry (a realised period scaled to a year).
            var annual = RevenueResolver.AnnualiseEntry(input);
            var (from, to) = e.Kind == RevenueEntryKind.RunRate
                ? (DailyRollup.UtcDay(e.AsOf!.Value), DailyRollup.UtcDay(e.AsOf!.Value))
                : (DailyRollup.UtcDay(e.PeriodStart!.Value), DailyRollup.UtcDay(e.PeriodEnd!.Value).AddDays(-1));
            var claim = new ClaimInput(ClaimQuantity.ExternalRevenueUsd, e.Netuid, from, to,
                e.AmountUsd is null ? null : annual.Base, e.LowUsd is null ? null : annual.Low, e.HighUsd is null ? null : annual.High)
            {
                RevenueEntryId = e.Id,
                CoversNetuids = e.CoversNetuids ?? [],
            };
            loaded.Add(new Loaded("revenue", e.Id, claim, e.Subject, e.SourceName, e.SourceUrl, e.SourceKind.ToString(), e.PublishedAt, null, e.Note, e.IsReferenceData));
        }

        foreach (var c in figures)
        {
            var (from, to) = c.AsOf is { } asOf
                ? (DailyRollup.UtcDay(asOf), DailyRollup.UtcDay(asOf))
                : (DailyRollup.UtcDay(c.PeriodStart!.Value), DailyRollup.UtcDay(c.PeriodEnd!.Value).AddDays(-1));
            var claim = new ClaimInput(c.Quantity, c.Netuid, from, to, c.BaseValue, c.LowValue, c.HighValue);
            loaded.Add(new Loaded("figure", c.Id, claim, c.Subject, c.SourceName, c.SourceUrl, c.SourceKind.ToString(), c.PublishedAt, c.Quote, c.Note, c.IsReferenceData));
        }

        return loaded;
    }

    // The engine runs over the days within reach of some claim (its dates ± 30 days) that have data, one run per
    // stretch of overlapping reaches, so claims years apart do not make it compute every day between them.
    private static async Task<List<ValuationResult>> ComputeAsync(TaoLensDbContext db, IEnumerable<ClaimInput> claims, int? netuid, CancellationToken cancellationToken)
    {
        var days = db.SubnetDayRows.Where(d => netuid == null || d.Netuid == netuid);
        var first = await days.MinAsync(d => (DateTimeOffset?)d.Day, cancellationToken);
        var last = await days.MaxAsync(d => (DateTimeOffset?)d.Day, cancellationToken);
        if (first is null || last is null)
        {
            return [];
        }

        var (dataFrom, dataTo) = (DailyRollup.UtcDay(first.Value), DailyRollup.UtcDay(last.Value));
        var reaches = claims
            .Select(c => (From: Max(c.From.AddDays(-ClaimsCheck.MaxGapDays), dataFrom), To: Min(c.To.AddDays(ClaimsCheck.MaxGapDays), dataTo)))
            .Where(r => r.From <= r.To)
            .OrderBy(r => r.From)
            .ToList();
        var stretches = new List<(DateOnly From, DateOnly To)>();
        foreach (var reach in reaches)
        {
            if (stretches.Count > 0 && reach.From <= stretches[^1].To.AddDays(1))
            {
                stretches[^1] = (stretches[^1].From, Max(stretches[^1].To, reach.To));
            }
            else
            {
                stretches.Add(reach);
            }
        }

        var options = ValuationOptions.Default;
        var results = new List<ValuationResult>(stretches.Count);
        foreach (var (from, to) in stretches)
        {
            var input = await ValuationInputs.LoadAsync(db, from, to, options, netuid, cancellationToken);
            results.Add(ValuationEngine.Compute(input, from, to, options));
        }

        return results;
    }

    // The run that holds every day within the claim's reach that has data (stretches are built to).
    private static bool Covers(ValuationResult result, ClaimInput claim) =>
        result.From <= claim.To.AddDays(ClaimsCheck.MaxGapDays) && claim.From.AddDays(-ClaimsCheck.MaxGapDays) <= result.To;

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;

    private static ClaimRow Row(Loaded c, ClaimCheckResult check) => new(
        c.Source, c.Id, c.Input.Netuid, c.Input.IsGroupClaim ? c.Input.CoversNetuids : null, c.Subject,
        JsonNamingPolicy.CamelCase.ConvertName(c.Input.Quantity.ToString()), Unit(c.Input.Quantity), c.Input.From, c.Input.To,
        c.Input.Low, c.Input.Base, c.Input.High, c.SourceName, c.SourceUrl, c.SourceKind, c.PublishedAt, c.Quote, c.Note, c.IsReferenceData,
        check.Measurement?.Day, check.Measurement?.GapDays,
        check.Measurement is { } m ? Figure.From(m.Value) : Figure.From(Metric.Missing(check.MissingReason == MissingReason.None ? MissingReason.NoSnapshot : check.MissingReason)),
        Figure.From(check.Ratio),
        JsonNamingPolicy.CamelCase.ConvertName(check.Verdict.ToString()),
        check.Words)
    {
        Factor = check.Factor,
    };

    /// <summary>The unit of a quantity's figures: <c>USD per year</c>, <c>USD</c> or <c>x</c>.</summary>
    public static string Unit(ClaimQuantity quantity) => quantity switch
    {
        ClaimQuantity.AnnualSubsidyUsd or ClaimQuantity.ExternalRevenueUsd => "USD per year",
        ClaimQuantity.MarketCapUsd or ClaimQuantity.FullyDilutedUsd => "USD",
        _ => "x",
    };

    /// <summary>A quantity in words, for a subnet or the network.</summary>
    public static string Label(string quantity, bool subnet) => Enum.Parse<ClaimQuantity>(quantity, ignoreCase: true) switch
    {
        ClaimQuantity.AnnualSubsidyUsd => "annual subsidy (TAO side)",
        ClaimQuantity.ExternalRevenueUsd => "external revenue per year",
        ClaimQuantity.MarketCapUsd => subnet ? "alpha market cap" : "TAO market cap",
        ClaimQuantity.FullyDilutedUsd => subnet ? "alpha fully diluted value" : "TAO fully diluted value",
        ClaimQuantity.SubsidyToRevenue => "subsidy ÷ revenue (TAO side)",
        ClaimQuantity.MarketCapToRevenue => subnet ? "alpha market cap ÷ revenue (P/S)" : "TAO market cap ÷ known revenue",
        _ => quantity,
    };
}
