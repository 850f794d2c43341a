using TaoLens.Core.Chain;

namespace TaoLens.Core.Valuation;

/// <summary>Prices and market capitalisations per day (docs/metrics.md, "Prices, market caps and fully diluted values").</summary>
public static class MarketValue
{
    /// <summary>Nominal alpha supply cap per subnet (21M alpha, the same schedule as TAO).</summary>
    public const decimal AlphaMaxSupply = 21_000_000m;

    private const decimal AlphaPerRao = 1m / ChainUnits.RaoPerTao;

    /// <summary>The TAO price in USD for a day: the override range when set, else the day's last price.</summary>
    public static Metric TaoPriceUsd(MarketDay? day, ValuationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.TaoPriceUsdOverride is { } range)
        {
            return Metric.Of(range);
        }

        return day?.PriceUsd switch
        {
            null => Metric.Missing(MissingReason.NoPrice),
            < 0m => Metric.Missing(MissingReason.InvalidInput),
            { } price => Metric.Of(price),
        };
    }

    /// <summary>
    /// TAO market cap in USD: the source's market cap, or price × circulating supply. With a price override,
    /// circulating supply (or market cap / price) × the override.
    /// </summary>
    public static Metric TaoMarketCapUsd(MarketDay? day, ValuationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (day is null)
        {
            return Metric.Missing(options.TaoPriceUsdOverride is null ? MissingReason.NoPrice : MissingReason.NoMarketData);
        }

        if (day.MarketCapUsd < 0m || day.CirculatingSupply < 0m)
        {
            return Metric.Missing(MissingReason.InvalidInput);
        }

        if (options.TaoPriceUsdOverride is null && day.MarketCapUsd is { } cap)
        {
            return Metric.Of(cap);
        }

        var circulating = day.CirculatingSupply
            ?? (day.MarketCapUsd is { } c && day.PriceUsd is { } p && p > 0m ? c / p : null);
        if (circulating is not { } supply)
        {
            return Metric.Missing(MissingReason.NoMarketData);
        }

        return MetricMath.Multiply(TaoPriceUsd(day, options), Metric.Of(supply));
    }

    /// <summary>TAO fully diluted value in USD: the source's FDV, or price × max supply (21M TAO).</summary>
    public static Metric TaoFullyDilutedUsd(MarketDay? day, ValuationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.TaoPriceUsdOverride is null && day?.FullyDilutedValuationUsd is { } fdv)
        {
            return fdv < 0m ? Metric.Missing(MissingReason.InvalidInput) : Metric.Of(fdv);
        }

        var maxSupply = day?.MaxSupply ?? ChainUnits.MaxSupplyTao;
        return MetricMath.Multiply(TaoPriceUsd(day, options), Metric.Of(maxSupply));
    }

    /// <summary>The subnet's alpha price in TAO for a day: the day's last known price.</summary>
    public static Metric AlphaPriceTao(SubnetDay? day)
    {
        if (day is null)
        {
            return Metric.Missing(MissingReason.NoSnapshot);
        }

        return day.AlphaPriceTao switch
        {
            null => Metric.Missing(MissingReason.NoPrice),
            { } alphaPrice when NanoUnits.BelowZero(alphaPrice) => Metric.Missing(MissingReason.InvalidInput),
            { } alphaPrice => Metric.Of(alphaPrice),
        };
    }

    /// <summary>
    /// The subnet's alpha price in USD: alpha price (TAO) × the TAO price the day's other USD figures use.
    /// Not rounded, like the market caps it sits beside.
    /// </summary>
    public static Metric AlphaPriceUsd(in Metric alphaPriceTao, in Metric taoPriceUsd) =>
        MetricMath.Multiply(alphaPriceTao, taoPriceUsd);

    /// <summary>Subnet alpha market cap in USD: alpha price (TAO) × (alpha in pool + alpha outstanding) × TAO price.</summary>
    public static Metric SubnetMarketCapUsd(SubnetDay? day, in Metric taoPriceUsd)
    {
        if (day is null)
        {
            return Metric.Missing(MissingReason.NoSnapshot);
        }

        if (day.AlphaPriceTao is not { } alphaPrice)
        {
            return Metric.Missing(MissingReason.NoPrice);
        }

        if (AlphaIssued(day) is not { } alpha)
        {
            return Metric.Missing(MissingReason.NoPoolData);
        }

        if (NanoUnits.BelowZero(alphaPrice) || day.AlphaInPoolRao < 0 || day.AlphaOutstandingRao < 0)
        {
            return Metric.Missing(MissingReason.InvalidInput);
        }

        return MetricMath.Multiply(Metric.Point(alphaPrice * alpha, MetricNotes.None), taoPriceUsd);
    }

    /// <summary>Subnet fully diluted value in USD: alpha price × 21M alpha × TAO price. A weak figure: see docs/metrics.md.</summary>
    public static Metric SubnetFullyDilutedUsd(SubnetDay? day, in Metric taoPriceUsd)
    {
        if (day is null)
        {
            return Metric.Missing(MissingReason.NoSnapshot);
        }

        if (day.AlphaPriceTao is not { } alphaPrice)
        {
            return Metric.Missing(MissingReason.NoPrice);
        }

        if (NanoUnits.BelowZero(alphaPrice))
        {
            return Metric.Missing(MissingReason.InvalidInput);
        }

        return MetricMath.Multiply(Metric.Point(alphaPrice * AlphaMaxSupply, MetricNotes.None), taoPriceUsd);
    }

    /// <summary>Alpha issued so far (alpha in pool + alpha outstanding), in alpha; null when either is unknown.</summary>
    public static decimal? AlphaIssued(SubnetDay day)
    {
        ArgumentNullException.ThrowIfNull(day);
        if (day.AlphaInPoolRao is not { } inPool || day.AlphaOutstandingRao is not { } outstanding)
        {
            return null;
        }

        // Both are at most 21M alpha (2.1e16 units), so the sum fits a long; setting the scale to 9 divides by 1e9 exactly.
        var units = inPool + outstanding;
        return units >= 0 ? new decimal((int)(units & 0xFFFF_FFFF), (int)(units >> 32), 0, false, 9) : units * AlphaPerRao;
    }
}
