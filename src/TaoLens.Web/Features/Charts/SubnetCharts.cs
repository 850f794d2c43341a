using TaoLens.Core.Valuation;
using TaoLens.Web.Features.Valuation;
using TaoLens.Web.Features.Subnets;

namespace TaoLens.Web.Features.Charts;

/// <summary>
/// The subnet page's charts. Labels are fixed text: a subnet's name is untrusted and never reaches Plotly.
/// All of them go to one island, which computes the subnet's series once for every chart.
/// </summary>
public static class SubnetCharts
{
    public static ChartRequest[] For(int netuid, string from, string to, int windowDays, SubsidySide side)
    {
        var sideName = ValuationParameters.SideName(side);
        var daily = "Each day's last known price; no window.";
        return
        [
            new($"sn{netuid}-subsidy", "Subsidy against external revenue", from, to, windowDays,
            [
                new(netuid, "annualisedSubsidyUsd", "Subsidy, TAO side"),
                new(netuid, "alphaSideAnnualisedSubsidyUsd", "Subsidy, alpha side"),
                new(netuid, "annualisedRevenueUsd", "External revenue", Band: true),
            ], $"Annualised over a trailing {windowDays}-day window."),
            new($"sn{netuid}-subsidy-to-revenue-{ValuationParameters.SideText(side)}", $"Subsidy ÷ revenue, {sideName}", from, to, windowDays,
            [
                new(netuid, SubnetMetrics.SubsidyToRevenue(side), $"Subsidy ÷ revenue, {sideName}", Band: true),
            ], $"Annual subsidy over annual external revenue, each over a trailing {windowDays}-day window."),
            new($"sn{netuid}-price-to-sales", "P/S: alpha market cap ÷ revenue", from, to, windowDays,
            [
                new(netuid, "priceToSales", "P/S", Band: true),
            ], $"The day's alpha market cap over annual external revenue (trailing {windowDays}-day window)."),
            new($"sn{netuid}-alpha-price", "Alpha price and market cap", from, to, windowDays,
            [
                new(netuid, "alphaPriceUsd", "Alpha price"),
                new(netuid, "alphaMarketCapUsd", "Alpha market cap", SecondaryAxis: true),
            ], daily),
            new($"sn{netuid}-tao-price", "TAO price and alpha price in TAO", from, to, windowDays,
            [
                new(netuid, "taoPriceUsd", "TAO price"),
                new(netuid, "alphaPriceTao", "Alpha price in TAO", SecondaryAxis: true),
            ], daily),
        ];
    }
}
