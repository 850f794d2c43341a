using TaoLens.Core.Chain;

namespace TaoLens.Core.Valuation;

/// <summary>
/// Where an issuance schedule stands on a day: current block emission, the next halving's issuance, and an
/// estimate of the days left (to 2 decimal places).
/// </summary>
public readonly record struct HalvingOutlook(Metric BlockEmission, Metric NextHalvingAtIssuance, Metric DaysUntil);

/// <summary>What-if figures (docs/metrics.md, "Scenarios"). Prices are held at the day's level.</summary>
public static class Scenarios
{
    /// <summary>A halving halves block emission, so every subsidy the schedule drives halves with it.</summary>
    public const decimal HalvingFactor = 0.5m;

    /// <summary>Growth rates at or above this (%) are out of range: a decimal holds about 7.9e28.</summary>
    internal const double MaxGrowthPercent = 1e28;

    private const decimal AlphaPerDayPerRaoPerBlock = ChainUnits.BlocksPerDay / (decimal)ChainUnits.RaoPerTao;

    /// <summary>
    /// Annualised subsidy after the next halving: × 0.5 at unchanged prices and shares. For the TAO side this is TAO's
    /// next halving; for the alpha side it is the subnet's own next alpha halving (its own issuance schedule).
    /// </summary>
    public static Metric AfterNextHalving(in Metric annualSubsidyUsd) => MetricMath.Scale(annualSubsidyUsd, HalvingFactor);

    /// <summary>
    /// TAO's halving outlook from the day's issued supply: total supply when it is below the 21M cap, else circulating
    /// supply (Taostats and CoinGecko report the cap itself as TAO's total supply). Days until =
    /// (next halving issuance − issued) / (block emission × 7,200); recycling slows issuance, so it is an earliest date.
    /// </summary>
    public static HalvingOutlook TaoHalving(MarketDay? day)
    {
        var issuedOrNull = day?.TotalSupply is { } total && total < ChainUnits.MaxSupplyTao ? total : day?.CirculatingSupply;
        if (issuedOrNull is not { } issued)
        {
            var missing = Metric.Missing(MissingReason.NoMarketData);
            return new HalvingOutlook(missing, missing, missing);
        }

        if (issued < 0m)
        {
            var invalid = Metric.Missing(MissingReason.InvalidInput);
            return new HalvingOutlook(invalid, invalid, invalid);
        }

        return Outlook(issued, observedPerDay: null);
    }

    /// <summary>
    /// A subnet's alpha halving outlook from its alpha issued (alpha in pool + alpha outstanding). Days until uses the
    /// day's observed alpha issuance per block (alpha_in_emission + alpha_out_emission).
    /// </summary>
    public static HalvingOutlook AlphaHalving(SubnetDay? day)
    {
        if (day is null)
        {
            var missing = Metric.Missing(MissingReason.NoSnapshot);
            return new HalvingOutlook(missing, missing, missing);
        }

        if (day.AlphaInPoolRao < 0 || day.AlphaOutstandingRao < 0 || NanoUnits.BelowZero(day.AlphaOutEmissionRao) || NanoUnits.BelowZero(day.AlphaInEmissionRao))
        {
            var invalid = Metric.Missing(MissingReason.InvalidInput);
            return new HalvingOutlook(invalid, invalid, invalid);
        }

        if (MarketValue.AlphaIssued(day) is not { } issued)
        {
            var missing = Metric.Missing(MissingReason.NoPoolData);
            return new HalvingOutlook(missing, missing, missing);
        }

        if (day.AlphaOutEmissionRao is not { } alphaOut || day.AlphaInEmissionRao is not { } alphaIn)
        {
            var outlook = Outlook(issued, observedPerDay: 0m);
            return outlook with { DaysUntil = outlook.DaysUntil.Reason == MissingReason.DivisionByZero ? Metric.Missing(MissingReason.NoEmissionData) : outlook.DaysUntil };
        }

        // The alpha issued a day as observed: alpha into the pool plus alpha paid out, per block × 7,200.
        return Outlook(issued, (alphaOut + alphaIn) * AlphaPerDayPerRaoPerBlock);
    }

    // Days until = (next threshold − issued) / issued per day; without an observed rate, the schedule's own.
    private static HalvingOutlook Outlook(decimal issued, decimal? observedPerDay)
    {
        if (!Halving.TryAt(issued, out var emission, out var next))
        {
            var exhausted = Metric.Missing(MissingReason.SupplyExhausted);
            return new HalvingOutlook(Metric.Of(0m), exhausted, exhausted);
        }

        var perDay = observedPerDay ?? emission * ChainUnits.BlocksPerDay;
        var days = NanoUnits.TryDivideToHundredths(next - issued, perDay, out var quotient)
            ? Metric.Of(quotient)
            : Metric.Missing(MissingReason.DivisionByZero);
        return new HalvingOutlook(Metric.Of(emission), Metric.Of(next), days);
    }

    /// <summary>
    /// Revenue growth needed (% a year, compounded) for revenue to reach today's annualised subsidy within
    /// <paramref name="years"/> years: ((subsidy / revenue)^(1/years) − 1) × 100. Zero or less means revenue already
    /// covers the subsidy. The subsidy is held at today's level. Bounds follow subsidy-to-revenue's bounds.
    /// </summary>
    public static Metric GrowthNeededPercent(in Metric annualSubsidyUsd, in Metric annualRevenueUsd, int years)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(years, 1);
        return GrowthNeededFromRatio(Multiples.SubsidyToRevenue(annualSubsidyUsd, annualRevenueUsd), years);
    }

    // The engine already has the ratio; this saves dividing twice. A bound too large for a decimal makes the
    // figure missing (out of range) rather than throwing: one absurd ratio fails one figure, not the valuation.
    internal static Metric GrowthNeededFromRatio(in Metric ratio, int years)
    {
        if (!ratio.HasValue)
        {
            return ratio;
        }

        var exponent = 1d / years;
        if (Growth(ratio.BaseValue, exponent) is not { } @base)
        {
            return Metric.Missing(MissingReason.OutOfRange);
        }

        if (!ratio.IsRange)
        {
            return Metric.Point(@base, ratio.Notes);
        }

        var low = Growth(ratio.LowValue, exponent)!.Value; // low ≤ base, so it fits when the base does
        if (ratio.IsHighUnbounded)
        {
            return Metric.Unbounded(low, @base, ratio.Notes);
        }

        return Growth(ratio.HighValue, exponent) is { } high
            ? Metric.Ranged(low, @base, high, ratio.Notes)
            : Metric.Missing(MissingReason.OutOfRange);
    }

    // A compound rate needs a fractional power, which decimal lacks; double's 15 digits are ample for a growth rate.
    private static decimal? Growth(decimal ratio, double exponent)
    {
        var percent = (Math.Pow((double)ratio, exponent) - 1d) * 100d;
        return double.IsFinite(percent) && percent < MaxGrowthPercent ? decimal.Round((decimal)percent, 6) : null;
    }
}
