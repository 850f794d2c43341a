using TaoLens.Core.Valuation;

namespace TaoLens.Web.Features.Subnets;

/// <summary>
/// The names the series API and charts use for the engine's per-subnet series (docs/metrics.md defines each).
/// This maps names to series; it computes nothing.
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
        };
}
