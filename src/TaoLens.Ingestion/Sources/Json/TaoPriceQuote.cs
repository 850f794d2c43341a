using TaoLens.Data.Snapshots;

namespace TaoLens.Ingestion.Sources.Json;

/// <summary>
/// TAO's USD market at one moment, from Taostats or CoinGecko (same shape so the worker can cross-check them).
/// Supplies are in TAO; every amount is USD except the supplies.
/// </summary>
public sealed record TaoPriceQuote(
    DateTimeOffset Timestamp,
    decimal PriceUsd,
    decimal? MarketCapUsd,
    decimal? CirculatingSupply,
    decimal? TotalSupply,
    decimal? MaxSupply,
    decimal? FdvUsd,
    decimal? Volume24hUsd)
{
    /// <summary>The quote as a market snapshot row of <paramref name="source"/>.</summary>
    public TaoMarketSnapshot ToSnapshot(string source) => new()
    {
        ObservedAt = Timestamp,
        Source = source,
        PriceUsd = PriceUsd,
        MarketCapUsd = MarketCapUsd,
        CirculatingSupply = CirculatingSupply,
        TotalSupply = TotalSupply,
        MaxSupply = MaxSupply,
        FullyDilutedValuationUsd = FdvUsd,
        Volume24hUsd = Volume24hUsd,
    };
}

/// <summary>Plausibility bounds shared by the TAO price readers; beyond them a value is a broken field, not a market move.</summary>
internal static class TaoMarketBounds
{
    public const decimal MaxPriceUsd = 1_000_000m;

    /// <summary>Ten trillion USD: far above any market cap, volume or FDV TAO could have.</summary>
    public const decimal MaxAmountUsd = 10_000_000_000_000m;

    /// <summary>TAO's hard cap; no supply figure can exceed it.</summary>
    public const decimal MaxSupplyTao = 21_000_000m;
}
