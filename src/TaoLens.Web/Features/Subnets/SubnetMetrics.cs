using TaoLens.Core.Valuation;

namespace TaoLens.Web.Features.Subnets;

/// <summary>One named engine series and its unit as charts and captions write it (docs/metrics.md §1, "Units").</summary>
public sealed record SubnetMetric(Func<SubnetValuationSeries, MetricSeries> Series, string Unit);

/// <summary>
/// The names the series API and charts use for the engine's per-subnet series (docs/metrics.md defines each).
/// This maps names to series and their units; it computes nothing.
/// </summary>
public static class SubnetMetrics
{
    public static readonly IReadOnlyDictionary<string, SubnetMetric> All =
        new Dictionary<string, SubnetMetric>(StringComparer.Ordinal)
        {
            ["taoPerDay"] = new(s => s.TaoSideTaoPerDay, "TAO per day"),
            ["subsidyUsdPerDay"] = new(s => s.TaoSide.DailyUsd, "USD per day"),
            ["annualisedSubsidyUsd"] = new(s => s.TaoSide.AnnualisedUsd, "USD per year"),
            ["alphaSideSubsidyUsdPerDay"] = new(s => s.AlphaSide.DailyUsd, "USD per day"),
            ["alphaSideAnnualisedSubsidyUsd"] = new(s => s.AlphaSide.AnnualisedUsd, "USD per year"),
            ["annualisedRevenueUsd"] = new(s => s.Revenue.Annualised, "USD per year"),
            ["subsidyToRevenue"] = new(s => s.TaoSide.SubsidyToRevenue, "x"),
            ["alphaSideSubsidyToRevenue"] = new(s => s.AlphaSide.SubsidyToRevenue, "x"),
            ["coveragePercent"] = new(s => s.TaoSide.CoveragePercent, "%"),
            ["earningsUsd"] = new(s => s.TaoSide.EarningsUsd, "USD per year"),
            ["subsidyAfterNextHalvingUsd"] = new(s => s.TaoSide.AfterNextHalvingUsd, "USD per year"),
            ["growthNeededPercent"] = new(s => s.TaoSide.GrowthNeededPercent, "% a year"),
            ["alphaMarketCapUsd"] = new(s => s.MarketCapUsd, "USD"),
            ["alphaFullyDilutedUsd"] = new(s => s.FullyDilutedUsd, "USD"),
            ["priceToSales"] = new(s => s.PriceToSales, "x"),
            ["fullyDilutedPriceToSales"] = new(s => s.FullyDilutedPriceToSales, "x"),
            ["taoPriceUsd"] = new(s => s.TaoPriceUsd, "USD per TAO"),
            ["alphaPriceTao"] = new(s => s.AlphaPriceTao, "TAO per alpha"),
            ["alphaPriceUsd"] = new(s => s.AlphaPriceUsd, "USD per alpha"),
        };

    /// <summary>A metric's unit, or empty for an unknown name.</summary>
    public static string Unit(string metric) => All.GetValueOrDefault(metric)?.Unit ?? "";

    /// <summary>Whether a series is annualised over the trailing window (or divides by a figure that is), judged by its unit.</summary>
    public static bool UsesWindow(string metric) => Unit(metric) is "USD per year" or "x" or "%" or "% a year";

    /// <summary>The subsidy-to-revenue series name of a side.</summary>
    public static string SubsidyToRevenue(SubsidySide side) => side == SubsidySide.AlphaSide ? "alphaSideSubsidyToRevenue" : "subsidyToRevenue";
}
