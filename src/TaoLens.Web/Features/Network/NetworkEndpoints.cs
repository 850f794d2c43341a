using TaoLens.Core.Text;
using TaoLens.Core.Valuation;
using TaoLens.Web.Features.Api;
using TaoLens.Web.Features.Valuation;

namespace TaoLens.Web.Features.Network;

/// <summary>
/// The network headline as of the latest day. The annualised subsidy and subsidy-to-revenue are the side named in
/// <see cref="Side"/> (<c>tao</c> or <c>alpha</c>); the alpha-side subsidy is always the alpha side.
/// </summary>
public sealed record NetworkHeadline(
    DateOnly? AsOf,
    int WindowDays,
    string Side,
    Figure TaoPriceUsd,
    Figure TaoMarketCapUsd,
    Figure TaoFullyDilutedUsd,
    Figure AnnualisedSubsidyUsd,
    Figure AnnualisedAlphaSideSubsidyUsd,
    Figure KnownRevenueUsd,
    int SubnetsWithRevenue,
    Figure RevenueCoverageSharePercent,
    Figure SubsidyToRevenue,
    Figure MarketCapToRevenue,
    Figure FullyDilutedToRevenue,
    Figure ClaimedRevenueUsd,
    Figure MarketCapToClaimedRevenue)
{
    public IEnumerable<(string Name, Figure Figure)> Figures() =>
    [
        ("taoPriceUsd", TaoPriceUsd), ("taoMarketCapUsd", TaoMarketCapUsd), ("taoFullyDilutedUsd", TaoFullyDilutedUsd),
        ("annualisedSubsidyUsd", AnnualisedSubsidyUsd), ("annualisedAlphaSideSubsidyUsd", AnnualisedAlphaSideSubsidyUsd),
        ("knownRevenueUsd", KnownRevenueUsd), ("revenueCoverageSharePercent", RevenueCoverageSharePercent),
        ("subsidyToRevenue", SubsidyToRevenue), ("marketCapToRevenue", MarketCapToRevenue), ("fullyDilutedToRevenue", FullyDilutedToRevenue),
        ("claimedRevenueUsd", ClaimedRevenueUsd), ("marketCapToClaimedRevenue", MarketCapToClaimedRevenue),
    ];
}

public static class NetworkEndpoints
{
    public static IEndpointRouteBuilder MapNetworkApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/v1/network", async (int? window, string? format, string? side, ValuationQuery query, CancellationToken cancellationToken) =>
            {
                if (!ApiResults.TryWindow(window, out var days, out var problem) || !ApiResults.TryFormat(format, out var csv, out problem)
                    || !ApiResults.TrySide(side, out var subsidySide, out problem))
                {
                    return problem!;
                }

                var headline = Headline(await query.LatestAsync(new ValuationOptions { WindowDays = days }, cancellationToken: cancellationToken), subsidySide);
                // A trailing side column, as in subnets.csv, so a saved file says which side its subsidy rows are.
                return csv
                    ? ApiResults.Csv("network.csv", ["metric", "low", "base", "high", "reason", "side"],
                        headline.Figures().Select(f => (IEnumerable<CsvCell>)[CsvCell.Text(f.Name), .. f.Figure.Cells(), CsvCell.Text(headline.Side)]))
                    : TypedResults.Ok(headline);
            })
            .WithName("GetNetwork")
            .WithSummary("The network headline: TAO market, annualised subsidy (side=tao|alpha, default tao), known external revenue and the multiples, as of the latest day.");
        return endpoints;
    }

    public static NetworkHeadline Headline(LatestValuation latest, SubsidySide side = SubsidySide.TaoSide)
    {
        ArgumentNullException.ThrowIfNull(latest);
        var sideText = ApiResults.SideText(side);
        if (latest.Result is not { } result || latest.AsOf is not { } asOf)
        {
            var none = Figure.From(Metric.Missing(MissingReason.NoSnapshot));
            return new NetworkHeadline(null, latest.Options.WindowDays, sideText, none, none, none, none, none, none, 0, none, none, none, none, none, none);
        }

        var n = result.Network.At(asOf);
        var sided = n.For(side);
        return new NetworkHeadline(
            asOf,
            latest.Options.WindowDays,
            sideText,
            Figure.From(n.TaoPriceUsd),
            Figure.From(n.TaoMarketCapUsd),
            Figure.From(n.TaoFullyDilutedUsd),
            Figure.From(sided.AnnualisedUsd),
            Figure.From(n.AlphaSide.AnnualisedUsd),
            Figure.From(n.KnownRevenueUsd),
            n.SubnetsWithRevenue,
            Figure.From(n.RevenueCoverageSharePercent),
            Figure.From(sided.SubsidyToRevenue),
            Figure.From(n.MarketCapToRevenue),
            Figure.From(n.FullyDilutedToRevenue),
            Figure.From(n.ClaimedRevenue.Annualised),
            Figure.From(n.MarketCapToClaimedRevenue));
    }
}
