using System.Globalization;
using TaoLens.Core.Valuation;
using TaoLens.Web.Features.Charts;
using TaoLens.Web.Features.Subnets;
using TaoLens.Web.Features.Valuation;

namespace TaoLens.Web.Features.Compare;

/// <summary>One compared subnet: its label and the metric on the last day of the range.</summary>
public sealed record CompareRow(SubnetLabel Label, Figure Figure);

/// <summary>
/// What the compare page shows: either <see cref="Error"/> (what is wrong with the selection), or the chart and a row per
/// subnet. <see cref="RangeProblem"/> says why the range asked for was replaced by the default.
/// </summary>
public sealed record CompareView(string Metric, string? Error, string? RangeProblem, string? From, string? To, ChartRequest? Chart, IReadOnlyList<CompareRow> Rows)
{
    /// <summary>Set when a windowed metric uses the longest covered window because the 30-day one is not covered yet.</summary>
    public string? WindowLabel { get; init; }

    public static CompareView Failed(string metric, string error) => new(metric, error, null, null, null, null, []);
}

/// <summary>Up to <see cref="MaxSubnets"/> subnets side by side on one metric.</summary>
public sealed class CompareQuery(ValuationQuery valuation)
{
    public const int MaxSubnets = 8;
    public const string DefaultMetric = "annualisedSubsidyUsd";
    private const int WindowDays = ValuationOptions.DefaultWindowDays;

    /// <summary>The view for the page's raw query values; anything malformed gives an error or falls back, never an exception.</summary>
    public async Task<CompareView> LoadAsync(string? netuidsText, string? metricText, string? fromText, string? toText, CancellationToken cancellationToken = default)
    {
        var metric = metricText is { } m && SubnetMetrics.All.ContainsKey(m) ? m : DefaultMetric;
        var parts = (netuidsText ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var netuids = parts.Select(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1).Distinct().ToList();
        if (parts.Length == 0)
        {
            return CompareView.Failed(metric, $"Name up to {MaxSubnets} subnets by netuid, e.g. 3,4,64.");
        }

        if (netuids.Contains(-1) || netuids.Count > MaxSubnets)
        {
            return CompareView.Failed(metric, $"netuids must be up to {MaxSubnets} whole numbers separated by commas.");
        }

        // Only the chosen subnets are computed, once each: the table reads the chart's own series (its last day),
        // which the chart island then finds in the valuation cache.
        var labels = (await valuation.SubnetLabelsAsync(cancellationToken)).Where(s => netuids.Contains(s.Netuid)).ToList();
        if (labels.Count == 0 || await valuation.LatestDayAsync(cancellationToken) is not { } asOf)
        {
            return CompareView.Failed(metric, "None of those subnets has data.");
        }

        var (rangeFrom, rangeTo) = ChartRange.Resolve(fromText, toText, asOf, await valuation.FirstDayAsync([.. labels.Select(l => l.Netuid)], cancellationToken), out var rangeProblem);
        var from = DateOnly.ParseExact(rangeFrom, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var to = DateOnly.ParseExact(rangeTo, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var (windowDays, windowLabel) = await WindowAsync(metric, cancellationToken);
        var chart = new ChartRequest("compare-chart", metric, rangeFrom, rangeTo, windowDays, [.. labels.Select(l => new ChartLine(l.Netuid, metric, $"SN{l.Netuid}"))],
            SubnetMetrics.UsesWindow(metric)
                ? $"Annualised over a trailing {windowDays}-day window{(windowLabel is null ? "" : $" ({windowLabel})")}."
                : "Daily values; no window.");
        var rows = new List<CompareRow>();
        foreach (var label in labels)
        {
            var series = await valuation.SubnetSeriesAsync(label.Netuid, from, to, new ValuationOptions { WindowDays = windowDays }, cancellationToken);
            rows.Add(new CompareRow(label, Figure.From(series is null ? Metric.Missing(MissingReason.NoSnapshot) : SubnetMetrics.All[metric].Series(series).At(to))));
        }

        return new CompareView(metric, null, rangeProblem, rangeFrom, rangeTo, chart, rows) { WindowLabel = windowLabel };
    }

    // A windowed metric uses the longest window that covers the network on the latest day when the 30-day one does
    // not yet (docs/metrics.md, "Fallback window"); the latest valuation is the overview's, usually cached.
    private async Task<(int WindowDays, string? Label)> WindowAsync(string metric, CancellationToken cancellationToken)
    {
        if (!SubnetMetrics.UsesWindow(metric))
        {
            return (WindowDays, null);
        }

        var latest = await valuation.LatestAsync(new ValuationOptions { WindowDays = WindowDays }, cancellationToken);
        return latest.LongestCovered() is { } covered
            ? (covered.Options.WindowDays, WindowFallback.Describe(covered.Options.WindowDays, WindowDays, latest.Options.RequiredDaysInWindow))
            : (WindowDays, null);
    }
}

public static class CompareFeature
{
    public static IServiceCollection AddCompare(this IServiceCollection services) => services.AddScoped<CompareQuery>();
}
