using TaoLens.Core.Valuation;
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
    /// <summary>When <see cref="TaoPriceUsd"/> was observed: the newest quote, which may be newer than <see cref="AsOf"/>.</summary>
    public DateTimeOffset? TaoPriceObservedAt { get; init; }

    /// <summary>The shorter window's figures when the asked window is not covered yet; null otherwise.</summary>
    public WindowFallback? Fallback { get; init; }

    public IEnumerable<(string Name, Figure Figure)> Figures() =>
    [
        ("taoPriceUsd", TaoPriceUsd), ("taoMarketCapUsd", TaoMarketCapUsd), ("taoFullyDilutedUsd", TaoFullyDilutedUsd),
        ("annualisedSubsidyUsd", AnnualisedSubsidyUsd), ("annualisedAlphaSideSubsidyUsd", AnnualisedAlphaSideSubsidyUsd),
        ("knownRevenueUsd", KnownRevenueUsd), ("revenueCoverageSharePercent", RevenueCoverageSharePercent),
        ("subsidyToRevenue", SubsidyToRevenue), ("marketCapToRevenue", MarketCapToRevenue), ("fullyDilutedToRevenue", FullyDilutedToRevenue),
        ("claimedRevenueUsd", ClaimedRevenueUsd), ("marketCapToClaimedRevenue", MarketCapToClaimedRevenue),
    ];

    /// <summary>The headline of a computed latest valuation, subsidy on <paramref name="side"/>.</summary>
    public static NetworkHeadline From(LatestValuation latest, SubsidySide side)
    {
        ArgumentNullException.ThrowIfNull(latest);
        var sideText = ValuationParameters.SideText(side);
        if (latest.Result is not { } result || latest.AsOf is not { } asOf)
        {
            var none = Figure.From(Metric.Missing(MissingReason.NoSnapshot));
            return new NetworkHeadline(null, latest.Options.WindowDays, sideText, QuoteOr(latest, none), none, none, none, none, none, 0, none, none, none, none, none, none)
            {
                TaoPriceObservedAt = latest.LatestTaoPrice?.ObservedAt,
            };
        }

        var n = result.Network.At(asOf);
        var sided = n.For(side);
        return new NetworkHeadline(
            asOf,
            latest.Options.WindowDays,
            sideText,
            QuoteOr(latest, Figure.From(n.TaoPriceUsd)),
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
            Figure.From(n.MarketCapToClaimedRevenue))
        {
            TaoPriceObservedAt = latest.LatestTaoPrice?.ObservedAt,
            Fallback = WindowFallback.For(latest, sided.AnnualisedUsd, (r, day) => (r.Network.For(side).AnnualisedUsd[r.Network.TaoPriceUsd.IndexOf(day)], r.Network.For(side).SubsidyToRevenue[r.Network.TaoPriceUsd.IndexOf(day)])),
        };
    }

    // The TAO price card shows the newest quote, even when the emission data is older (docs/metrics.md, "As of").
    private static Figure QuoteOr(LatestValuation latest, Figure dayPrice) =>
        latest.LatestTaoPrice is { } quote ? Figure.From(Metric.Of(quote.PriceUsd)) : dayPrice;
}

/// <summary>The network headline for a window and side.</summary>
public sealed class NetworkQuery(ValuationQuery valuation)
{
    public async Task<NetworkHeadline> HeadlineAsync(int windowDays, SubsidySide side, CancellationToken cancellationToken = default) =>
        NetworkHeadline.From(await valuation.LatestAsync(new ValuationOptions { WindowDays = windowDays }, cancellationToken), side);
}
