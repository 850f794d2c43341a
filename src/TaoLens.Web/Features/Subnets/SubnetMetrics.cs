using TaoLens.Core.Valuation;

namespace TaoLens.Web.Features.Subnets;

/// <summary>
/// The names the series API and charts use for the engine's per-subnet series (docs/metrics.md defines each).
/// This maps names to series and their units; it computes nothing.
/// </summary>
public static class SubnetMetrics
{
    public static readonly IReadOnlyDictionary<string, Func<SubnetValuationSeries, MetricSeries>> All =
        new Dictionary<string, Func<SubnetValuationSeries, MetricSeries>>(StringComparer.Ordinal)
        {
            ["taoPerDay"] = s => s.TaoSideTaoPerDay,
            ["subsidyUsdPerDay"] = s => s.TaoSide.DailyUsd,
            ["annualisedSubsidyUsd"] = s => s.TaoSide.AnnualisedUsd,
            ["alphaSideSubsidyUsdPerDay"] = s => s.AlphaSide.DailyUsd,
            ["alphaSideAnnualisedSubsidyUsd"] = s => s.AlphaSide.AnnualisedUsd,
            ["annualisedRevenueUsd"] = s => s.Revenue.Annualised,
            ["subsidyToRevenue"] = s => s.TaoSide.SubsidyToRevenue,
            ["alphaSideSubsidyToRevenue"] = s => s.AlphaSide.SubsidyToRevenue,
            ["coveragePercent"] = s => s.TaoSide.CoveragePercent,
            ["earningsUsd"] = s => s.TaoSide.EarningsUsd,
            ["subsidyAfterNextHalvingUsd"] = s => s.TaoSide.AfterNextHalvingUsd,
            ["growthNeededPercent"] = s => s.TaoSide.GrowthNeededPercent,
            ["alphaMarketCapUsd"] = s => s.MarketCapUsd,
            ["alphaFullyDilutedUsd"] = s => s.FullyDilutedUsd,
            ["priceToSales"] = s => s.PriceToSales,
            ["fullyDilutedPriceToSales"] = s => s.FullyDilutedPriceToSales,
            ["taoPriceUsd"] = s => s.TaoPriceUsd,
            ["alphaPriceTao"] = s => s.AlphaPriceTao,
            ["alphaPriceUsd"] = s => s.AlphaPriceUsd,
        };

    /// <summary>Each metric's unit as charts and captions write it (docs/metrics.md §1, "Units").</summary>
    public static readonly IReadOnlyDictionary<string, string> Units =
        new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["taoPerDay"] = "TAO per day",
            ["subsidyUsdPerDay"] = "USD per day",
            ["annualisedSubsidyUsd"] = "USD per year",
            ["alphaSideSubsidyUsdPerDay"] = "USD per day",
            ["alphaSideAnnualisedSubsidyUsd"] = "USD per year",
            ["annualisedRevenueUsd"] = "USD per year",
            ["subsidyToRevenue"] = "x",
            ["alphaSideSubsidyToRevenue"] = "x",
            ["coveragePercent"] = "%",
            ["earningsUsd"] = "USD per year",
            ["subsidyAfterNextHalvingUsd"] = "USD per year",
            ["growthNeededPercent"] = "% a year",
            ["alphaMarketCapUsd"] = "USD",
            ["alphaFullyDilutedUsd"] = "USD",
            ["priceToSales"] = "x",
            ["fullyDilutedPriceToSales"] = "x",
            ["taoPriceUsd"] = "USD per TAO",
            ["alphaPriceTao"] = "TAO per alpha",
            ["alphaPriceUsd"] = "USD per alpha",
        };

    /// <summary>Whether a series is annualised over the trailing window (or divides by a figure that is), judged by its unit.</summary>
    public static bool UsesWindow(string metric) => Units.GetValueOrDefault(metric) is "USD per year" or "x" or "%" or "% a year";

    /// <summary>The subsidy-to-revenue series name of a side.</summary>
    public static string SubsidyToRevenue(SubsidySide side) => side == SubsidySide.AlphaSide ? "alphaSideSubsidyToRevenue" : "subsidyToRevenue";
}
