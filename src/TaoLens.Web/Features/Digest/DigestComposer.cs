using System.Globalization;
using Microsoft.EntityFrameworkCore;
using TaoLens.Core.Text;
using TaoLens.Core.Valuation;
using TaoLens.Data;
using TaoLens.Web.Features.Ingestion;
using TaoLens.Web.Features.Overview;
using TaoLens.Web.Features.Subnets;
using TaoLens.Web.Features.Valuation;
using TaoLens.Web.Features.Views;

namespace TaoLens.Web.Features.Digest;

/// <summary>
/// Builds digests (docs/metrics.md, "Weekly digest"). One instance is one run: the week's valuation of each window,
/// the week's ledger entries and the sources' health are read once and shared by every digest the run builds.
/// Each digest reads only the views its recipient can see now, so a view they lost access to drops out.
/// </summary>
public sealed class DigestComposer(
    IDbContextFactory<TaoLensDbContext> contexts,
    ValuationQuery valuation,
    ViewCatalog catalog,
    IngestionStatus ingestion,
    TimeProvider time)
{
    /// <summary>The most subnets a section lists; the rest are counted and one click away.</summary>
    public const int MaxSubnetsPerSection = 25;

    /// <summary>How many of the week's largest moves are listed.</summary>
    public const int MaxMovers = 5;

    /// <summary>A source whose last success is older than this is listed as stale.</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromDays(1);

    private const int NameCap = 80;

    private readonly Dictionary<int, Task<Week>> _weeks = [];
    private readonly Dictionary<(int WindowDays, SubsidySide Side), IReadOnlyList<SubnetRow>> _rows = [];
    private Task<IReadOnlyList<LedgerRow>>? _ledger;
    private Task<IReadOnlyList<DigestSourceProblem>>? _sources;

    /// <summary>
    /// The digest of <paramref name="userId"/> for <paramref name="viewIds"/> (their own or their teams' views; any
    /// other id is skipped), links absolute under <paramref name="baseUrl"/>.
    /// </summary>
    public async Task<WeeklyDigest> ComposeAsync(Guid userId, IReadOnlyCollection<Guid> viewIds, Uri baseUrl, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewIds);
        ArgumentNullException.ThrowIfNull(baseUrl);
        var week = await WeekAsync(ValuationOptions.DefaultWindowDays, cancellationToken);
        var headline = Headline(week, baseUrl);

        var sections = new List<DigestSection>();
        if (viewIds.Count > 0)
        {
            var visible = await catalog.VisibleAsync(userId, viewIds, cancellationToken);
            foreach (var view in visible.OrderBy(v => v.Name, StringComparer.OrdinalIgnoreCase).ThenBy(v => v.Id))
            {
                sections.Add(await SectionAsync(view, baseUrl, cancellationToken));
            }
        }

        var followed = sections.SelectMany(s => s.Subnets).DistinctBy(s => s.Netuid).ToList();
        var movers = followed
            .Where(s => s.Subsidy.ChangePercent.Base is not null)
            .OrderByDescending(s => Math.Abs(s.Subsidy.ChangePercent.Base!.Value)).ThenBy(s => s.Netuid)
            .Take(MaxMovers)
            .Select(s => new DigestMover(s.Netuid, s.Name, s.Url, s.Subsidy))
            .ToList();

        var netuids = followed.Select(s => s.Netuid).ToHashSet();
        var ledger = (await LedgerAsync(cancellationToken))
            .Where(e => e.Netuid is null || netuids.Contains(e.Netuid.Value))
            .Select(e => new DigestLedgerEntry(e.Subject, e.What, e.Amount, e.EnteredAt, Absolute(baseUrl, e.Netuid is { } n ? $"/subnets/{n.ToString(CultureInfo.InvariantCulture)}" : "/")))
            .ToList();

        return new WeeklyDigest(week.Valuation.AsOf, week.Valuation.WeekAgo, headline, sections, movers, ledger,
            await SourcesAsync(cancellationToken), Absolute(baseUrl, "/account"));
    }

    private static DigestHeadline Headline(Week week, Uri baseUrl)
    {
        var url = Absolute(baseUrl, "/");
        if (week.Valuation is not { AsOf: { } asOf, Result: { } result })
        {
            return new DigestHeadline([], null, url);
        }

        var n = result.Network;
        var now = n.TaoPriceUsd.IndexOf(asOf);
        var before = n.TaoPriceUsd.IndexOf(asOf.AddDays(-WeekValuation.Days));
        DigestLine Line(string label, string unit, MetricSeries series) => DigestLine.Of(label, unit, series[now], series[before]);
        return new DigestHeadline(
        [
            Line("TAO price (that day)", "USD-cents", n.TaoPriceUsd),
            Line("Subsidy, USD per year (TAO side)", "USD", n.TaoSide.AnnualisedUsd),
            Line("Known external revenue, USD per year", "USD", n.KnownRevenueUsd),
            Line("Subsidy ÷ revenue", "x", n.TaoSide.SubsidyToRevenue),
            Line("Market cap ÷ revenue", "x", n.MarketCapToRevenue),
            Line("Share of subsidy to subnets with known revenue", "%", n.RevenueCoverageSharePercent),
        ], week.Label, url);
    }

    private async Task<DigestSection> SectionAsync(ViewSummary view, Uri baseUrl, CancellationToken cancellationToken)
    {
        var values = ViewStates.Values(view.State);
        var side = ValuationParameters.ParseSide(values.GetValueOrDefault("side")) ?? SubsidySide.TaoSide;
        var windowDays = ValuationParameters.ParseWindow(values.GetValueOrDefault("window")) ?? ValuationOptions.DefaultWindowDays;
        var week = await WeekAsync(windowDays, cancellationToken);
        var name = Cap(view.Name) ?? "(unnamed view)";
        var url = Absolute(baseUrl, view.Url);
        if (week.Valuation is not { AsOf: { } asOf, Result: { } result } latest)
        {
            return new DigestSection(name, Filters(view, values, windowDays, side), null, url, [], 0, "No data yet.");
        }

        // The rows are the same for every section with this window and side: built once a run.
        if (!_rows.TryGetValue((windowDays, side), out var rows))
        {
            rows = SubnetRow.AllFrom(new LatestValuation(asOf, latest.Options, result, latest.Subnets), side);
            _rows[(windowDays, side)] = rows;
        }

        var leaderboard = Leaderboard(view.Page, values);
        var netuids = Netuids(view.Page, values);
        IReadOnlyList<SubnetRow> chosen = leaderboard is not null ? leaderboard.Apply(rows)
            : netuids is not null ? [.. netuids.Select(n => rows.FirstOrDefault(r => r.Netuid == n)).OfType<SubnetRow>()] : [];

        var missing = leaderboard is null ? netuids?.Where(n => chosen.All(r => r.Netuid != n)).ToList() : null;
        var note = missing is { Count: > 0 } ? $"No longer a subnet: {string.Join(", ", missing.Select(n => $"SN{n}"))}." : null;
        var subnets = chosen.Take(MaxSubnetsPerSection)
            .Select(r => Subnet(r, result, asOf, latest.Options.WindowDays, side, baseUrl))
            .ToList();
        return new DigestSection(name, Filters(view, values, windowDays, side), week.Label, url, subnets, chosen.Count - subnets.Count, note);
    }

    private static LeaderboardState? Leaderboard(string page, IReadOnlyDictionary<string, string> values) => page == ViewStates.Overview
        ? LeaderboardState.From(values.GetValueOrDefault("sort"), values.GetValueOrDefault("dir"), values.GetValueOrDefault("revenue"),
            values.GetValueOrDefault("q"), values.GetValueOrDefault("side"), values.GetValueOrDefault("netuids"))
        : null;

    private static DigestSubnet Subnet(SubnetRow row, ValuationResult result, DateOnly asOf, int windowDays, SubsidySide side, Uri baseUrl)
    {
        var series = result.Subnet(row.Netuid);
        var name = Cap(row.Name) is { Length: > 0 } n ? $"SN{row.Netuid} {n}" : $"SN{row.Netuid}";
        var url = Absolute(baseUrl, $"/subnets/{row.Netuid.ToString(CultureInfo.InvariantCulture)}?window={windowDays.ToString(CultureInfo.InvariantCulture)}&side={ValuationParameters.SideText(side)}");
        if (series is null)
        {
            var none = Metric.Missing(MissingReason.NoSnapshot);
            var line = (string label, string unit) => DigestLine.Of(label, unit, none, none);
            return new DigestSubnet(row.Netuid, name, url, line("Subsidy", "USD"), line("Revenue", "USD"), line("Subsidy ÷ revenue", "x"), line("P/S", "x"), "");
        }

        var sided = series.For(side);
        var now = sided.AnnualisedUsd.IndexOf(asOf);
        var before = sided.AnnualisedUsd.IndexOf(asOf.AddDays(-WeekValuation.Days));
        DigestLine Line(string label, string unit, MetricSeries s) => DigestLine.Of(label, unit, s[now], s[before]);
        return new DigestSubnet(row.Netuid, name, url,
            Line("Subsidy, USD per year", "USD", sided.AnnualisedUsd),
            Line("Revenue, USD per year", "USD", series.Revenue.Annualised),
            Line("Subsidy ÷ revenue", "x", sided.SubsidyToRevenue),
            Line("P/S", "x", series.PriceToSales),
            Sparkline.Of([.. sided.DailyUsd.Select(m => m.Base)]));
    }

    // The filters a view applies, in words: what the recipient is looking at.
    private static string Filters(ViewSummary view, IReadOnlyDictionary<string, string> values, int windowDays, SubsidySide side)
    {
        var parts = new List<string>();
        switch (view.Page)
        {
            case ViewStates.Overview:
                var state = Leaderboard(view.Page, values)!;
                parts.Add(state.Netuids is { } watch ? "subnets " + string.Join(", ", watch.Select(n => $"SN{n}")) : "all subnets");
                if (state.RevenueOnly)
                {
                    parts.Add("with revenue only");
                }

                if (state.Search is { } search)
                {
                    parts.Add($"name contains \"{Cap(search)}\"");
                }

                var column = LeaderboardState.Columns.FirstOrDefault(c => c.Key == state.Sort)?.Header ?? state.Sort;
                parts.Add($"sorted by {column}, {(state.Descending ? "highest first" : "lowest first")}");
                break;
            case ViewStates.Subnet:
                parts.Add($"subnet SN{values.GetValueOrDefault("netuid")}");
                break;
            default:
                parts.Add("subnets " + string.Join(", ", (Netuids(view.Page, values) ?? []).Select(n => $"SN{n}")));
                if (values.GetValueOrDefault("metric") is { } metric)
                {
                    parts.Add($"compared on {metric}");
                }

                break;
        }

        parts.Add($"{windowDays}-day window");
        parts.Add(ValuationParameters.SideName(side));
        return string.Join(" · ", parts);
    }

    private static IReadOnlyList<int>? Netuids(string page, IReadOnlyDictionary<string, string> values) => page switch
    {
        ViewStates.Subnet => int.TryParse(values.GetValueOrDefault("netuid"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? [n] : null,
        ViewStates.Compare => LeaderboardState.ParseNetuids(values.GetValueOrDefault("netuids"), LeaderboardState.MaxNetuids),
        _ => null,
    };

    // The week in the asked window, or in the longest shorter window that covers the network when the asked one does
    // not yet (docs/metrics.md, "Fallback window"), labelled as the pages label it.
    private Task<Week> WeekAsync(int windowDays, CancellationToken cancellationToken)
    {
        if (!_weeks.TryGetValue(windowDays, out var week))
        {
            week = LoadWeekAsync(windowDays, cancellationToken);
            _weeks[windowDays] = week;
        }

        return week;
    }

    private async Task<Week> LoadWeekAsync(int windowDays, CancellationToken cancellationToken)
    {
        var asked = await valuation.WeekAsync(new ValuationOptions { WindowDays = windowDays }, cancellationToken);
        if (asked is not { AsOf: { } asOf, Result: { } result } || Covered(result, asOf))
        {
            return new Week(asked, null);
        }

        foreach (var shorter in ValuationParameters.Windows.Where(w => w < windowDays).OrderDescending())
        {
            var week = await valuation.WeekAsync(new ValuationOptions { WindowDays = shorter }, cancellationToken);
            if (week.Result is { } r && Covered(r, asOf))
            {
                return new Week(week, WindowFallback.Describe(shorter, windowDays, asked.Options.RequiredDaysInWindow));
            }
        }

        return new Week(asked, null);
    }

    private static bool Covered(ValuationResult result, DateOnly asOf) =>
        result.Network.TaoSide.AnnualisedUsd[result.Network.TaoSide.AnnualisedUsd.IndexOf(asOf)].HasValue;

    private Task<IReadOnlyList<LedgerRow>> LedgerAsync(CancellationToken cancellationToken) =>
        _ledger ??= LoadLedgerAsync(cancellationToken);

    // Entries entered or disputed in the seven days before now: what changed in the ledger this week.
    private async Task<IReadOnlyList<LedgerRow>> LoadLedgerAsync(CancellationToken cancellationToken)
    {
        var since = time.GetUtcNow().AddDays(-WeekValuation.Days);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var entries = await db.RevenueEntries.AsNoTracking()
            .Where(e => (!e.IsReferenceData && e.EnteredAt >= since) || e.DisputedAt >= since)
            .OrderBy(e => e.EnteredAt).ThenBy(e => e.Id)
            .Select(e => new { e.Netuid, e.Subject, e.CorrectsId, e.AmountUsd, e.LowUsd, e.HighUsd, e.Kind, e.EnteredAt, e.DisputedAt, e.DisputeReason })
            .ToListAsync(cancellationToken);
        return [.. entries.Select(e => new LedgerRow(
            e.Netuid,
            Cap(e.Subject) is { Length: > 0 } subject ? subject : e.Netuid is { } n ? $"SN{n}" : "network",
            e.DisputedAt >= since ? $"disputed ({Cap(e.DisputeReason) ?? "no reason given"})" : e.CorrectsId is null ? "new entry" : "correction",
            LedgerAmount(e.AmountUsd, e.LowUsd, e.HighUsd, e.Kind),
            e.EnteredAt))];
    }

    private static string LedgerAmount(decimal? amount, decimal? low, decimal? high, RevenueEntryKind kind)
    {
        var figure = new Figure(low ?? amount, amount ?? low, high ?? amount, null);
        var text = figure.Base is null ? "no amount" : FigureFormat.Text(figure, "USD");
        return kind == RevenueEntryKind.RunRate ? text + " a year (run-rate)" : text + " for the period";
    }

    private Task<IReadOnlyList<DigestSourceProblem>> SourcesAsync(CancellationToken cancellationToken) =>
        _sources ??= LoadSourcesAsync(cancellationToken);

    private async Task<IReadOnlyList<DigestSourceProblem>> LoadSourcesAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return [.. (await ingestion.SourcesAsync(cancellationToken))
            .Where(s => s.Enabled)
            .Select(s => Problem(s, now))
            .OfType<DigestSourceProblem>()];
    }

    /// <summary>A source's problem in words (docs/metrics.md, "Weekly digest"): failing since its last error, or stale; null when healthy.</summary>
    public static DigestSourceProblem? Problem(SourceStatus source, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.LastErrorAt is { } failedAt)
        {
            var since = source.LastSuccessAt is { } ok ? $"failing; last success {IngestionStatus.DescribeAge(now - ok)} ago" : "failing; never succeeded";
            return new DigestSourceProblem(source.Source, $"{since}; last error {IngestionStatus.DescribeAge(now - failedAt)} ago: {Cap(source.LastError) ?? "no message"}");
        }

        return source.Staleness is { } age && age > StaleAfter
            ? new DigestSourceProblem(source.Source, $"no new data for {IngestionStatus.DescribeAge(age)}")
            : null;
    }

    private static string Absolute(Uri baseUrl, string path) => new Uri(baseUrl, path.TrimStart('/')).ToString();

    private static string? Cap(string? text) => UntrustedText.Clean(text, NameCap);

    private sealed record Week(WeekValuation Valuation, string? Label);

    private sealed record LedgerRow(int? Netuid, string Subject, string What, string Amount, DateTimeOffset EnteredAt);
}
